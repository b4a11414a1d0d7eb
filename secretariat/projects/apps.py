from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "secretariat.projects"
    label = "projects"
    verbose_name = "Projects and work items"

    def ready(self) -> None:
        from secretariat.negotiation import paragraph_links
        from secretariat.registry import forum_sections

        from . import sections

        forum_sections.register("projects", sections.FORUM_SECTION, order=10)
        paragraph_links.register("projects", sections.paragraph_projects)
