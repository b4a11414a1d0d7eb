from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "secretariat.commitments"
    label = "commitments"
    verbose_name = "Commitments and compliance"
