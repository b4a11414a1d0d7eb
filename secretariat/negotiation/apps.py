from django.apps import AppConfig


class NegotiationConfig(AppConfig):
    name = "secretariat.negotiation"
    label = "negotiation"
    verbose_name = "Negotiation"
