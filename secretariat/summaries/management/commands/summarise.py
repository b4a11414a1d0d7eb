from django.core.management.base import BaseCommand

from secretariat.meetings.choices import FileKind
from secretariat.meetings.models import Document
from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.models import Text
from secretariat.summaries import services
from secretariat.summaries.choices import TargetKind


class Command(BaseCommand):
    help = (
        "Make (or bring up to date) the automatic extracts of every PDF/DOCX meeting document "
        "and every adopted text, here and now: for objects from before extracts existed, or "
        "after changing the embedder. Unchanged sources are skipped."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        documents = Document.objects.filter(file_kind__in=[FileKind.PDF, FileKind.DOCX])
        texts = Text.objects.filter(status=TextStatus.ADOPTED)
        made = 0
        for kind, ids in [
            (TargetKind.DOCUMENT, documents.values_list("pk", flat=True)),
            (TargetKind.TEXT, texts.values_list("pk", flat=True)),
        ]:
            for target_id in ids.iterator():
                made += services.summarise(kind=kind, target_id=target_id) is not None
        self.stdout.write(f"{made} automatic extracts")
