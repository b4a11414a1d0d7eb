from django.apps import AppConfig


class LiaisonsConfig(AppConfig):
    name = "secretariat.liaisons"
    label = "liaisons"
    verbose_name = "Liaison statements"

    def ready(self) -> None:
        from secretariat.notifications.services import register_reminders
        from secretariat.registry import forum_sections

        from . import notices, section

        forum_sections.register("liaisons", section.FORUM_SECTION, order=50)
        register_reminders("liaisons", notices.send_deadline_reminders)
