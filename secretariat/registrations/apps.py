from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "secretariat.registrations"
    label = "registrations"
    verbose_name = "Registrations"
