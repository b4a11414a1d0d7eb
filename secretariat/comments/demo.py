"""Demo comments: three readers' comments (illustrative) under the adopted 2025 statement,
in Korean, English and Japanese, posted through the service. Idempotent."""

from django.contrib.auth import get_user_model

from secretariat.core.errors import NotFound
from secretariat.negotiation.demo import SLUG
from secretariat.negotiation.models import Text
from secretariat.registry.demo import refuse_in_production

from . import services, targets
from .models import Comment

COMMENTS = [
    ("ko", "인천에서 채택된 성명을 우리말로 읽을 수 있어 좋습니다. (예시 댓글)"),
    ("en", "Good to see the statement recall the Putrajaya Vision. (illustrative comment)"),
    ("ja", "AIの信頼性についての段落が印象的でした。(例示コメント)"),
]


def seed() -> dict[str, int]:
    refuse_in_production()
    text = Text.objects.filter(slug=SLUG).first()
    reader = get_user_model().objects.filter(username="reader").first()
    if text is not None and reader is not None:
        try:
            target = targets.resolve_target("outcome", text.pk)
        except NotFound:  # not (yet) a public outcome: nothing to seed
            target = None
        if (
            target is not None
            and not Comment.objects.filter(target_kind=target.kind, target_id=target.id).exists()
        ):
            for language, body in COMMENTS:
                services.post_comment(actor=reader, target=target, body=body, language=language)
    return {"comments": Comment.objects.count()}
