"""Defects found in review: bad input that raised a 500, a permission bypass in the CSV
import and a lost update of a report draft. Each test failed before its fix."""

import json
import threading

import pytest
from django.db import connection

from secretariat.commitments import services
from secretariat.commitments.models import Assessor, ImplementationReport, Score
from secretariat.testing.world import client_for

from .factories import confirmed_commitments, cycle, statement

HEADER = "commitment,economy,cycle,stage,value,justification\n"


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    text = statement(world)
    return confirmed_commitments(world, text), cycle("2025")


def _import(client, body):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/commitments/scores/import",
        json.dumps({"csv": body}),
        content_type="application/json",
    )


@pytest.mark.parametrize("path", ["/en/commitments/heat-map/", "/en/commitments/heat-map.csv"])
def test_a_non_ascii_digit_theme_filter_is_ignored_not_a_500(world, setup, path):
    # "²".isdigit() is true but int("²") raises.
    response = client_for("anonymous", world).get(path + "?theme=%C2%B2")
    assert response.status_code == 200


def test_a_non_ascii_digit_commitment_in_the_csv_import_is_a_bad_line(world, setup):
    _commitments, the_cycle = setup
    response = _import(
        client_for("secretariat", world), HEADER + f"²,KR,{the_cycle.pk},final,1,ok\n"
    )
    assert response.status_code == 422
    assert "line 2" in response.json()["errors"]
    assert not Score.objects.exists()


def test_a_csv_field_too_large_for_the_reader_is_a_bad_line(world, setup):
    commitments, the_cycle = setup
    huge = "x" * 140_000  # over the csv module's field limit (131,072)
    response = _import(
        client_for("secretariat", world),
        HEADER + f"{commitments[0].pk},KR,{the_cycle.pk},final,1,{huge}\n",
    )
    assert response.status_code == 422
    assert not Score.objects.exists()


def test_an_appointed_assessor_cannot_import_scores_on_a_commitment_it_may_not_see(world):
    # The reader, appointed assessor, is in no forum: a restricted text is not theirs to read
    # (the score page answers 404), so the import must not score it either.
    hidden = confirmed_commitments(
        world, statement(world, "hidden-statement", published=False, forum=world.body)
    )
    the_cycle = cycle("2025")
    Assessor.objects.create(user=world.users["reader"], appointed_by=world.users["secretariat"])
    client = client_for("reader", world)
    assert (
        client.get(f"/en/commitments/{hidden[0].pk}/scores/{the_cycle.pk}/KR/").status_code == 404
    )
    response = _import(client, HEADER + f"{hidden[0].pk},KR,{the_cycle.pk},interim,1,ok\n")
    assert response.status_code == 422
    assert not Score.objects.exists()


def test_a_report_saved_without_its_version_does_not_overwrite_another_delegates_draft(
    world, setup
):
    # Two delegates of Korea open the empty report form; the first saves; the second's save
    # (no version: there was no draft when the form was read) must not silently replace it.
    commitments, the_cycle = setup
    path = f"/api/commitments/items/{commitments[0].pk}/reports/{the_cycle.pk}/KR"
    first = client_for("delegate_a", world).put(
        path, json.dumps({"body": "first draft"}), content_type="application/json"
    )
    assert first.status_code == 200
    second = client_for("head_a", world).put(
        path, json.dumps({"body": "second draft"}), content_type="application/json"
    )
    assert second.status_code == 409
    assert ImplementationReport.objects.get().body == "first draft"


def test_the_report_page_without_a_version_does_not_overwrite_a_draft(world, setup):
    commitments, the_cycle = setup
    services.save_report(
        actor=world.users["delegate_a"],
        commitment=commitments[0],
        economy=world.economy_a,
        cycle=the_cycle,
        body="first draft",
        evidence_links=[],
    )
    response = client_for("head_a", world).post(
        f"/en/commitments/{commitments[0].pk}/reports/{the_cycle.pk}/KR/",
        {"body": "second draft", "evidence_links": "", "evidence_documents": "", "version": ""},
    )
    assert response.status_code == 409
    assert ImplementationReport.objects.get().body == "first draft"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_assessors_scoring_one_slot_at_once_get_a_conflict_not_a_500():  # pragma: no cover
    # Nobody has scored the slot yet, so select_for_update locks nothing: each writer inserts
    # a current score and all but one hit the one-current-score constraint.
    from secretariat.core.errors import Conflict
    from secretariat.testing.world import build_world

    world = build_world()
    commitments = confirmed_commitments(world, statement(world))
    the_cycle = cycle("2025")
    outcomes: list[str] = []
    writers = 4
    barrier = threading.Barrier(writers)

    def attempt(value: int) -> None:
        barrier.wait()
        try:
            services.record_score(
                actor=world.users["secretariat"],
                commitment=commitments[0],
                economy=world.economy_a,
                cycle=the_cycle,
                stage="interim",
                value=value,
                justification="At once.",
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except Exception as error:  # noqa: BLE001 - what the test is about
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(v % 3 - 1,)) for v in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(outcomes) <= {"ok", "conflict"}, outcomes
    assert "ok" in outcomes
    assert Score.objects.filter(superseded_at__isnull=True).count() == 1


def test_a_csv_row_the_service_refuses_is_reported_with_its_line(world, setup):
    # Line 3 scores final in a published cycle: record_score refuses it (409) without a line.
    commitments, the_cycle = setup
    cycle("2024", published=True)
    body = (
        HEADER
        + f"{commitments[0].pk},KR,{the_cycle.pk},final,1,ok\n"
        + f"{commitments[1].pk},KR,2024,final,1,published already\n"
    )
    response = _import(client_for("secretariat", world), body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["line 3"]
    assert not Score.objects.exists()


def test_a_fallback_title_does_not_break_the_heat_map_column_heading(world, setup):
    # In Korean an English-only title falls back as <span lang="en">…</span>; inside the
    # title="…" attribute its quotes ended the attribute early.
    commitments, _cycle = setup
    html = client_for("anonymous", world).get("/ko/commitments/heat-map/").content.decode()
    assert 'title="<span' not in html
    assert f'title="{commitments[0].title["en"]["text"]}"' in html


def test_a_fallback_title_reads_plainly_in_the_commitment_pages_title(world, setup):
    # <title> is plain text: a fallback's <span lang="en"> showed as markup in the tab.
    commitments, _cycle = setup
    html = client_for("anonymous", world).get(f"/ko/commitments/{commitments[0].pk}/")
    head = html.content.decode().split("</title>")[0]
    assert "span" not in head.split("<title>")[1]


def test_the_implementation_report_schema_does_not_replace_the_comment_report_one():
    # Both apps named their output schema ReportOut: the OpenAPI document kept one component
    # under that name, so the comments' report operation was documented as a commitments
    # report (test_api_fuzz caught the response "violating" it).
    from secretariat.core.management.commands.export_openapi import openapi_document

    document = openapi_document()

    def response_properties(path: str, method: str) -> set[str]:
        responses = document["paths"][path][method]["responses"]
        content = next(r for code, r in responses.items() if code.startswith("2"))["content"]
        ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        return set(document["components"]["schemas"][ref]["properties"])

    assert "reason" in response_properties("/api/comments/items/{comment_id}/reports", "post")
    assert "late" in response_properties("/api/commitments/reports/{report_id}", "get")


def test_a_delegate_cannot_probe_for_a_restricted_document_it_may_not_see(world, setup):
    # Evidence documents were checked against every document: a number of another forum's
    # restricted document was accepted where an unknown one was refused, telling the
    # delegate it exists.
    from secretariat.meetings.choices import Classification
    from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory

    commitments, the_cycle = setup
    hidden = DocumentFactory(
        number="2030/TELWG/001",
        meeting=MeetingFactory(forum=world.other_forum),
        classification=Classification.RESTRICTED,
    )
    response = client_for("delegate_a", world).put(
        f"/api/commitments/items/{commitments[0].pk}/reports/{the_cycle.pk}/KR",
        json.dumps({"body": "x", "evidence_documents": [hidden.number]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not ImplementationReport.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_suggesting_twice_at_once_gives_a_conflict_not_a_500():  # pragma: no cover
    # Each run reads which paragraphs already have a commitment before its transaction: two
    # at once both insert the same paragraphs and one hits the once-per-paragraph constraint.
    from secretariat.commitments.models import Commitment
    from secretariat.core.errors import Conflict
    from secretariat.testing.world import build_world

    world = build_world()
    text = statement(world)
    outcomes: list[str] = []
    writers = 3
    barrier = threading.Barrier(writers)

    def attempt() -> None:
        barrier.wait()
        try:
            services.suggest_commitments(actor=world.users["secretariat"], text=text)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except Exception as error:  # noqa: BLE001 - what the test is about
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(outcomes) <= {"ok", "conflict"}, outcomes
    assert Commitment.objects.filter(text=text).count() == 3


def test_the_heat_map_leaves_cells_blank_where_the_economy_is_not_bound(world, setup):
    # Pins the table now written in Python: "·" for a bound economy without a score, nothing
    # for one the commitment does not bind.
    from secretariat.commitments.choices import OwnerKind
    from secretariat.commitments.models import Commitment

    commitments, _cycle = setup
    Commitment.objects.filter(pk=commitments[0].pk).update(
        owner_kind=OwnerKind.FORUM, owner_forum=world.other_forum
    )
    html = client_for("anonymous", world).get("/en/commitments/heat-map/").content.decode()
    bound, other = world.economy_c.code, world.economy_a.code
    assert f'<td id="s-{bound}-{commitments[0].pk}" data-score="">·</td>' in html
    assert f'<td id="s-{other}-{commitments[0].pk}" data-score=""></td>' in html
    assert f'<td id="s-{other}-{commitments[1].pk}" data-score="">·</td>' in html


def test_no_commitments_schema_shares_its_name_with_another_apps():
    # The OpenAPI document names components by class name: commitments' ReportOut and
    # CellOut replaced comments' ReportOut and the negotiation map's CellOut there.
    from pydantic import BaseModel

    import secretariat.config.api  # noqa: F401 - every app's schemas imported

    modules: dict[str, set[str]] = {}

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("secretariat."):
                modules.setdefault(sub.__name__, set()).add(sub.__module__)
            walk(sub)

    walk(BaseModel)
    shared = {
        name: found
        for name, found in modules.items()
        if "secretariat.commitments.schemas" in found and len(found) > 1
    }
    assert shared == {}
