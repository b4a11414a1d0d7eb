from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "secretariat.news"
    label = "news"
    verbose_name = "News and press"
