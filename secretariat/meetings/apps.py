from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "secretariat.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from . import forum_section

        forum_section.register_section()  # joint agenda items on a forum's page
