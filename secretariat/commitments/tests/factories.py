"""Test data: an adopted statement with operative paragraphs under two themes, cycles, and
confirmed commitments (set directly: the decisions are tested in test_services)."""

from datetime import date

from secretariat.comments.tests.factories import adopted_text
from secretariat.commitments import services
from secretariat.commitments.choices import CommitmentState, OwnerKind
from secretariat.commitments.models import Commitment, Cycle
from secretariat.negotiation.choices import Classification, TextStatus
from secretariat.negotiation.models import Text
from secretariat.negotiation.tests.factories import make_text, paragraph

THEME_1 = "Innovation"
THEME_2 = "Connectivity"
PARAGRAPHS = [
    ("para_1", "1", "", "We, the Ministers, met in Incheon."),
    ("para_2", "2", THEME_1, "We will strengthen digital skills for all."),
    ("para_3", "3", THEME_1, "We instruct the working group to report by 2026."),
    ("para_4", "4", THEME_2, "We encourage investment in networks."),
    ("para_5", "5", THEME_2, "We recognise the digital divide."),
]


def statement(
    world, slug: str = "commitments-statement", *, published: bool = True, forum=None
) -> Text:  # type: ignore[no-untyped-def]
    text = make_text(
        world,
        slug=slug,
        forum=forum,
        paragraphs=[
            paragraph(words, eid=eid, num=num, heading=heading)
            for eid, num, heading, words in PARAGRAPHS
        ],
        classification=Classification.PUBLISHED if published else Classification.RESTRICTED,
    )
    from django.utils import timezone

    Text.objects.filter(pk=text.pk).update(status=TextStatus.ADOPTED, adopted_at=timezone.now())
    return Text.objects.get(pk=text.pk)


def confirmed_commitments(
    world, text: Text, *, owner_kind: str = OwnerKind.ALL_ECONOMIES
) -> list[Commitment]:  # type: ignore[no-untyped-def]
    suggested = services.suggest_commitments(actor=world.users["secretariat"], text=text)
    Commitment.objects.filter(pk__in=[c.pk for c in suggested]).update(
        state=CommitmentState.CONFIRMED, owner_kind=owner_kind
    )
    return list(Commitment.objects.filter(pk__in=[c.pk for c in suggested]).order_by("pk"))


def cycle(name: str = "2025", *, due: date = date(2099, 12, 31), published: bool = False) -> Cycle:
    from django.utils import timezone

    return Cycle.objects.create(
        name=name,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        report_due_on=due,
        final_published_at=timezone.now() if published else None,
    )


__all__ = ["adopted_text", "statement", "confirmed_commitments", "cycle"]
