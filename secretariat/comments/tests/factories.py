import factory
from django.utils import timezone

from secretariat.comments.choices import CommentState, TargetKind
from secretariat.comments.models import Comment
from secretariat.negotiation.choices import Classification, TextStatus
from secretariat.negotiation.models import Text
from secretariat.negotiation.tests.factories import make_text, paragraph
from secretariat.registry.tests.factories import UserFactory


def adopted_text(world, slug: str = "adopted-outcome", *, published: bool = True) -> Text:  # type: ignore[no-untyped-def]
    """A concluded text (adopted), published or not: set directly, since how a text gets
    adopted is the negotiation's business and tested there."""
    text = make_text(
        world,
        slug=slug,
        paragraphs=[paragraph("We adopt this outcome.", num="1")],
        classification=Classification.PUBLISHED if published else Classification.RESTRICTED,
    )
    Text.objects.filter(pk=text.pk).update(status=TextStatus.ADOPTED, adopted_at=timezone.now())
    return Text.objects.get(pk=text.pk)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    target_kind = TargetKind.OUTCOME
    target_id = 1
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}")
    language = "en"
    state = CommentState.PUBLISHED
