from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "secretariat.comments"
    label = "comments"
    verbose_name = "Reader comments"

    def ready(self) -> None:
        from . import targets

        targets.register_builtin_targets()
