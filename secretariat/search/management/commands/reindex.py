from django.core.management.base import BaseCommand

from secretariat.search import services


class Command(BaseCommand):
    help = "Rebuild the search index from every item (texts, paragraphs, documents, …)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = services.reindex_everything()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
