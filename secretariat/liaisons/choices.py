from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Seen from ``LiaisonStatement.forum``: a statement it sends, or one it receives."""

    OUTGOING = "outgoing", _("outgoing")
    INCOMING = "incoming", _("incoming")


class Purpose(models.TextChoices):
    """The Datatracker's purposes (its "for comment" folds into "for action" here)."""

    FOR_INFORMATION = "for_information", _("for information")
    FOR_ACTION = "for_action", _("for action")
    IN_RESPONSE = "in_response", _("in response")


class LiaisonState(models.TextChoices):
    """A draft is the forum's own until it is sent (outgoing) or recorded as received
    (incoming, the Datatracker's "posted"); a draft never sent is withdrawn ("dead")."""

    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    RECEIVED = "received", _("received")
    WITHDRAWN = "withdrawn", _("withdrawn")


# States in which a statement has left (or reached) the forum: public unless restricted.
ISSUED_STATES = frozenset({LiaisonState.SENT, LiaisonState.RECEIVED})

# The workflow as data, per direction. Sent and received statements are the record: they
# do not change state again (a correction is a new statement in response).
NEXT_STATES: dict[str, dict[str, frozenset[str]]] = {
    Direction.OUTGOING: {
        LiaisonState.DRAFT: frozenset({LiaisonState.SENT, LiaisonState.WITHDRAWN}),
    },
    Direction.INCOMING: {
        LiaisonState.DRAFT: frozenset({LiaisonState.RECEIVED, LiaisonState.WITHDRAWN}),
    },
}
