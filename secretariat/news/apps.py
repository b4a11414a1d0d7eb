from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "secretariat.news"
    label = "news"
    verbose_name = "News and press"

    def ready(self) -> None:
        from . import comment_target

        comment_target.register()  # readers comment under public news items
