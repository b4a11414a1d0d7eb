"""Notification preferences as the API shows (``…Out``) and accepts (``…Update``) them."""

from ninja import Field, Schema

from secretariat.core.schemas import MAX_ID

from .choices import Topic
from .models import NotificationPreference


class TopicChoiceOut(Schema):
    topic: Topic
    label: str
    receives: bool


class PreferenceOut(Schema):
    receives: list[Topic]
    topics: list[TopicChoiceOut]
    version: int

    @staticmethod
    def resolve_receives(obj: NotificationPreference) -> list[str]:
        return [topic for topic in Topic.values if obj.receives(topic)]

    @staticmethod
    def resolve_topics(obj: NotificationPreference) -> list[dict]:
        return [
            {"topic": topic.value, "label": str(topic.label), "receives": obj.receives(topic)}
            for topic in Topic
        ]


class PreferenceUpdate(Schema):
    """The whole choice: the topics to receive; every topic not listed is turned off."""

    version: int = Field(..., ge=1, le=MAX_ID)
    receives: list[Topic] = Field(..., max_length=len(Topic.values))
