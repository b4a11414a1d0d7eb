"""No page of the Django admin renders what only its owners may read: an exhibitor's contact
requests (also through the notification e-mails they trigger), an economy's internal notes,
an amendment never submitted, a user's second-factor secret. The walk covers every registered
model's list, change and history pages, so a model registered later is covered too."""

import pytest
from django.contrib import admin
from django.urls import reverse

from secretariat.events.tests.factories import ExhibitorFactory
from secretariat.negotiation import services as negotiation
from secretariat.negotiation.choices import AmendmentKind, AmendmentState
from secretariat.negotiation.tests.factories import make_text
from secretariat.registry import services as registry
from secretariat.registry.tests.factories import PersonFactory, UserFactory
from secretariat.testing.api import call
from secretariat.testing.world import TEST_TOTP_SECRET, client_for

CONTACT = "Sentinel contact: our offer is 40 percent below list"
NOTE = "Sentinel note: we can accept the US wording on para 3"
WORDING = "Sentinel amendment: binding treaty on frontier models"


def _private_world(world):  # type: ignore[no-untyped-def]
    exhibitor = ExhibitorFactory()
    PersonFactory(organisation=exhibitor.organisation, user=UserFactory(username="booth-staff"))
    sent = call(
        client_for("reader", world),
        "POST",
        f"/events/exhibitors/{exhibitor.pk}/contact-requests",
        {"message": CONTACT},
    )
    assert sent.status_code == 201, sent.content
    registry.create_note(
        actor=world.users["delegate_a"], delegation=world.delegation_a, title="Fallback", body=NOTE
    )
    amendment = negotiation.propose_amendment(
        actor=world.users["delegate_a"],
        text=make_text(world),
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text=WORDING,
        justification=WORDING,
    )
    negotiation.move_amendment(
        actor=world.users["delegate_a"],
        amendment=amendment,
        to_state=AmendmentState.WITHDRAWN,
        version=amendment.version,
    )


def _admin_pages():  # type: ignore[no-untyped-def]
    yield reverse("admin:index")
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:{}_{}_changelist".format(*info))
        for pk in model._default_manager.order_by("-pk").values_list("pk", flat=True)[:30]:
            yield reverse("admin:{}_{}_change".format(*info), args=[pk])
            yield reverse("admin:{}_{}_history".format(*info), args=[pk])


@pytest.mark.django_db
def test_no_admin_page_renders_private_content(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _private_world(world)
    secretariat = client_for("secretariat", world)
    visited = 0
    for url in _admin_pages():
        response = secretariat.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        for secret in (CONTACT, NOTE, WORDING, TEST_TOTP_SECRET):
            assert secret not in body, (url, secret)
        visited += 1
    assert visited > 50
