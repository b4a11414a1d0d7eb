from pathlib import Path

from django.conf import settings

from secretariat.core.management.commands.export_openapi import openapi_document, render

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def test_openapi_matches_the_committed_snapshot():
    """A changed API must come with a changed snapshot: run `make openapi` and review the diff."""
    assert SNAPSHOT.read_text(encoding="utf-8") == render(openapi_document())


def test_openapi_lists_the_registry_operations():
    operations = {
        op["operationId"] for path in openapi_document()["paths"].values() for op in path.values()
    }
    assert {
        "list_economies",
        "get_economy",
        "create_forum",
        "update_person",
        "accredit_delegate",
        "list_delegation_notes",
    } <= operations
