from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "secretariat.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from . import cache, forum_section
        from .models import AgendaItem

        forum_section.register_section()  # joint agenda items on a forum's page
        m2m_changed.connect(
            cache.restamp_joint_item,
            sender=AgendaItem.co_owners.through,
            dispatch_uid="meetings.restamp_joint_item",
        )
