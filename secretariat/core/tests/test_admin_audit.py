import pytest

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.registry.models import Forum
from secretariat.registry.tests.factories import ForumFactory
from secretariat.testing.world import client_for


@pytest.mark.django_db
def test_bulk_delete_in_the_admin_is_audited(world):
    spare = ForumFactory(slug="spare")  # the world's fora have delegations, which protect them
    client = client_for("secretariat", world)
    response = client.post(
        "/admin/registry/forum/",
        {"action": "delete_selected", "_selected_action": [spare.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Forum.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(action="registry.forum.deleted.admin").exists()
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_granting_staff_rights_in_the_admin_is_audited_without_the_password_hash(world):
    client = client_for("secretariat", world)
    reader = world.users["reader"]
    response = client.post(
        f"/admin/accounts/user/{reader.pk}/change/",
        {
            "username": reader.username,
            "email": reader.email,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
            "preferred_language": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    entry = AuditEntry.objects.filter(action="accounts.user.updated.admin").get()
    assert entry.changes["is_staff"] == [False, True]
    assert "password" not in entry.changes


@pytest.mark.django_db
def test_an_admin_save_from_a_stale_page_is_refused(world):
    from secretariat.registry import services

    client = client_for("secretariat", world)
    org = world.partner_org
    services.update_organisation(
        actor=world.users["secretariat"], organisation=org, version=1, acronym="WBG"
    )
    response = client.post(
        f"/admin/registry/organisation/{org.pk}/change/",
        {
            "slug": org.slug,
            "kind": org.kind,
            "acronym": "IBRD",
            "name": '{"en": {"text": "World Bank", "status": "original"}}',
            "description": "{}",
            "loaded_version": 1,
        },
    )
    assert response.status_code == 200 and "after you opened it" in response.content.decode()
    org.refresh_from_db()
    assert org.acronym == "WBG"
