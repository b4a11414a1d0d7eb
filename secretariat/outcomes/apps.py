from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "secretariat.outcomes"
    label = "outcomes"
    verbose_name = "Published outcomes"
