from django.core.management.base import BaseCommand

from secretariat.core import rebuilders
from secretariat.search import services


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every item (texts, paragraphs, documents, …), then "
        "every other derived index registered in core.rebuilders (the precedent finder's "
        "embeddings)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = services.reindex_everything()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        for name in rebuilders.names():
            self.stdout.write(f"{name}: {rebuilders.rebuild(name)}")
