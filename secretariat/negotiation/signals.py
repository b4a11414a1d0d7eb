"""What the negotiation tells other apps. Sent after the transaction commits, so a receiver
(the precedent finder's embedding, summaries) reads the adopted text as it is stored."""

from django.db import transaction
from django.dispatch import Signal

from .models import Text

# A text was adopted: by consensus, at the end of a silence procedure, or imported as agreed
# elsewhere. Keyword arguments: ``text_id``, ``how`` ("consensus", "silence", "imported").
text_adopted = Signal()


def announce_adoption(text: Text, how: str) -> None:
    text_id = text.pk
    transaction.on_commit(lambda: text_adopted.send(sender=Text, text_id=text_id, how=how))
