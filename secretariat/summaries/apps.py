from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "secretariat.summaries"
    label = "summaries"
    verbose_name = "Summaries"

    def ready(self) -> None:
        from . import triggers

        triggers.connect()
