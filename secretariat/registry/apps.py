from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "secretariat.registry"
    label = "registry"
    verbose_name = "Registry"
