"""The liaison pages as their users reach them: the list and its filters, a statement's
page, the forum page's section; and a constant number of queries at two sizes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.liaisons.choices import LiaisonState, Purpose
from secretariat.liaisons.models import LiaisonStatement
from secretariat.meetings.choices import Classification
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.registry.models import WorksWith
from secretariat.registry.tests.factories import OrganisationFactory
from secretariat.testing.world import client_for

from .factories import LiaisonStatementFactory

YESTERDAY = dt.timedelta(days=-1)


def _overdue(world, sc42, title="Overdue request"):  # type: ignore[no-untyped-def]
    return LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        title=translations("en", en=title),
        purpose=Purpose.FOR_ACTION,
        deadline=timezone.localdate() + YESTERDAY,
    )


@pytest.mark.django_db
def test_the_list_filters_by_forum_body_purpose_state_and_overdue(world, sc42):
    _overdue(world, sc42)
    LiaisonStatementFactory(
        forum=world.other_forum,
        counterpart_organisation=world.partner_org,
        title=translations("en", en="TELWG note to the Bank"),
    )
    client = client_for("anonymous", world)

    def titles(query: str) -> set[str]:
        html = client.get(f"/en/liaisons/?{query}").content.decode()
        return {t for t in ("Overdue request", "TELWG note to the Bank") if t in html}

    assert titles("") == {"Overdue request", "TELWG note to the Bank"}
    assert titles("forum=telwg") == {"TELWG note to the Bank"}
    assert titles("organisation=iso-iec-jtc1-sc42") == {"Overdue request"}
    assert titles("purpose=for_action") == {"Overdue request"}
    assert titles("state=draft") == set()
    assert titles("overdue=yes") == {"Overdue request"}
    assert titles("overdue=no") == {"TELWG note to the Bank"}
    assert "overdue</strong>" in client.get("/en/liaisons/").content.decode()


@pytest.mark.django_db
def test_the_forum_page_shows_its_links_and_statements_in_and_out_with_overdue_flagged(world, sc42):
    WorksWith.objects.create(forum=world.body, partner_organisation=sc42, since="2025-09-01")
    _overdue(world, sc42)
    LiaisonStatementFactory(
        forum=world.other_forum,
        counterpart_forum=world.body,
        title=translations("en", en="From TELWG"),
    )
    LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        title=translations("en", en="Hidden draft"),
        state=LiaisonState.DRAFT,
    )
    html = client_for("reader", world).get("/en/registry/fora/daib/").content.decode()
    assert "Works with, and liaison statements" in html
    assert 'href="/en/registry/organisations/iso-iec-jtc1-sc42/">SC 42</a>' in html
    assert "Overdue request" in html and "overdue</strong>" in html
    assert "From TELWG" in html and "Hidden draft" not in html
    member = client_for("delegate_a", world).get("/en/registry/fora/daib/").content.decode()
    assert "Hidden draft" in member


@pytest.mark.django_db
def test_the_chair_drafts_a_statement_on_its_page_and_sends_it(world, sc42):
    chair = client_for("chair", world)
    form = {
        "forum": "daib",
        "direction": "outgoing",
        "counterpart": "org:iso-iec-jtc1-sc42",
        "language": "en",
        "title": "On AI management systems",
        "purpose": "for_action",
    }
    refused = chair.post("/en/liaisons/new/", form)
    assert refused.status_code == 422
    assert "needs a deadline" in refused.content.decode()
    assert not LiaisonStatement.objects.exists()
    created = chair.post("/en/liaisons/new/", {**form, "deadline": "2030-03-31"})
    statement = LiaisonStatement.objects.get()
    assert created.status_code == 302 and statement.state == LiaisonState.DRAFT
    chair.post(f"/en/liaisons/{statement.pk}/state/", {"version": 1, "state": "sent"})
    page = chair.get(f"/en/liaisons/{statement.pk}/").content.decode()
    assert "Record a response" in page and "awaited" in page


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _fill(world, sc42, n: int) -> LiaisonStatement:  # type: ignore[no-untyped-def]
    """``n`` statements of DAIB of every kind, and one statement with ``n`` attachments
    and ``n`` responses (returned)."""
    meeting = MeetingFactory(forum=world.body, code=f"Q{n}")
    main = _overdue(world, sc42, title=f"Main {n}")
    for i in range(n):
        other = OrganisationFactory()
        WorksWith.objects.create(forum=world.body, partner_organisation=other, since="2025-01-01")
        LiaisonStatementFactory(
            forum=world.body,
            counterpart_organisation=other,
            is_restricted=bool(i % 2),
            state=[LiaisonState.SENT, LiaisonState.DRAFT][i % 2],
        )
        document = DocumentFactory(
            meeting=meeting,
            number=f"2030/Q{n}/{i + 1:03d}",
            classification=[Classification.PUBLIC, Classification.RESTRICTED][i % 2],
        )
        main.attachments.add(document)
        LiaisonStatementFactory(
            forum=world.body,
            counterpart_organisation=sc42,
            direction="incoming",
            state=LiaisonState.RECEIVED,
            purpose=Purpose.IN_RESPONSE,
            in_response_to=main,
        )
    return main


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "delegate_a", "chair", "secretariat"])
def test_the_liaison_pages_issue_the_same_queries_at_two_sizes(world, sc42, role):
    small = _fill(world, sc42, 2)
    client = client_for(role, world)
    urls = ["/en/liaisons/", f"/en/liaisons/{small.pk}/", "/en/registry/fora/daib/"]
    for url in urls:
        _queries(client, url)  # the session loaded, caches warm
    counts = [_queries(client, url) for url in urls]
    large = _fill(world, sc42, 12)
    urls[1] = f"/en/liaisons/{large.pk}/"
    for url in urls:
        _queries(client, url)
    assert [_queries(client, url) for url in urls] == counts


@pytest.mark.django_db
def test_a_stale_edit_on_the_page_is_409_and_keeps_the_writer_s_text(world, sc42):
    statement = LiaisonStatementFactory(
        forum=world.body, counterpart_organisation=sc42, state=LiaisonState.DRAFT
    )
    chair = client_for("chair", world)
    form = {"version": 1, "title": "First save", "purpose": "for_information"}
    assert chair.post(f"/en/liaisons/{statement.pk}/edit/", form).status_code == 302
    stale = chair.post(
        f"/en/liaisons/{statement.pk}/edit/", {**form, "title": "Second, stale save"}
    )
    assert stale.status_code == 409
    assert "Second, stale save" in stale.content.decode()
    assert LiaisonStatement.objects.get(pk=statement.pk).title["en"]["text"] == "First save"


@pytest.mark.django_db
def test_a_refused_transition_on_the_page_says_why_and_changes_nothing(world, sc42):
    statement = LiaisonStatementFactory(forum=world.body, counterpart_organisation=sc42)
    chair = client_for("chair", world)
    response = chair.post(
        f"/en/liaisons/{statement.pk}/state/", {"version": 1, "state": "withdrawn"}, follow=True
    )
    assert "A statement that is sent cannot become withdrawn." in response.content.decode()
    assert LiaisonStatement.objects.filter(pk=statement.pk, state="sent", version=1).exists()


@pytest.mark.django_db
def test_the_chair_cannot_write_for_a_forum_it_does_not_chair(world, sc42):
    form = {
        "forum": "telwg",
        "direction": "outgoing",
        "counterpart": "org:iso-iec-jtc1-sc42",
        "language": "en",
        "title": "Not mine to send",
        "purpose": "for_information",
    }
    refused = client_for("chair", world).post("/en/liaisons/new/", form)
    assert refused.status_code == 422
    assert not LiaisonStatement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "1²", "١٢"])
def test_a_responds_to_that_is_not_an_ascii_number_is_ignored_not_a_server_error(
    world, sc42, value
):
    """``str.isdigit`` holds for superscripts and other scripts' digits, which ``int``
    refuses (a 500) or reads as another statement's id."""
    answered = LiaisonStatementFactory(forum=world.body, counterpart_organisation=sc42)
    chair = client_for("chair", world)
    page = chair.get(f"/en/liaisons/new/?responds_to={value}")
    assert page.status_code == 200
    assert "Record a response" not in page.content.decode()
    posted = chair.post("/en/liaisons/new/", {"responds_to": value, "title": "x"})
    assert posted.status_code == 422
    assert not LiaisonStatement.objects.exclude(pk=answered.pk).exists()
