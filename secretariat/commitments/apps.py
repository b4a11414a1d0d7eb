from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "secretariat.commitments"
    label = "commitments"
    verbose_name = "Commitments and compliance"

    def ready(self) -> None:
        from . import paragraph_links

        paragraph_links.register_links()  # the text page lists commitments per paragraph
