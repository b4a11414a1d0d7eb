"""Background indexing: tasks only call services."""

from django_tasks import task

from . import services


@task()
def reindex_items(kind: str, ids: list[int]) -> dict[str, int]:
    """Bring the entries of the items ``ids`` of ``kind`` up to date."""
    return {"written": services.reindex_items(kind=kind, ids=ids)}


@task()
def reindex_everything() -> dict[str, int]:
    return services.reindex_everything()
