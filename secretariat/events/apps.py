from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "secretariat.events"
    label = "events"
    verbose_name = "Events"
