from django.apps import AppConfig


class PrecedentsConfig(AppConfig):
    name = "secretariat.precedents"
    label = "precedents"
    verbose_name = "Precedent finder"

    def ready(self) -> None:
        from secretariat.core import rebuilders
        from secretariat.negotiation import hooks

        from . import services, views

        hooks.on_adopted("precedents", services.index_text_later)
        hooks.paragraph_panel("precedents", views.panel_url)
        rebuilders.register("precedents", services.rebuild_index)
