"""The commitments API: stale versions are 409, bad input 422 as problem+json writing
nothing, and an economy's report slot is its own."""

from secretariat.commitments.models import Commitment, ImplementationReport, Score
from secretariat.core.models import AuditEntry
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import confirmed_commitments, cycle, statement


def _setup(world):  # type: ignore[no-untyped-def]
    return confirmed_commitments(world, statement(world)), cycle("2025")


def test_a_decision_on_a_stale_version_is_409_with_the_current_commitment(world):
    commitments, _cycle = _setup(world)
    client = client_for("secretariat", world)
    path = f"/commitments/items/{commitments[0].pk}/decision"
    assert call(client, "POST", path, {"version": 1, "decision": "confirmed"}).status_code == 200
    stale = call(client, "POST", path, {"version": 1, "decision": "rejected"})
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    assert Commitment.objects.get(pk=commitments[0].pk).state == "confirmed"


def test_a_decision_that_leaves_out_the_target_date_keeps_it_and_an_explicit_null_clears_it(
    world,
):
    import datetime as dt

    commitments, _cycle = _setup(world)
    client = client_for("secretariat", world)
    path = f"/commitments/items/{commitments[0].pk}/decision"
    body = {"version": 1, "decision": "confirmed", "target_date": "2030-12-31"}
    assert call(client, "POST", path, body).status_code == 200
    assert call(client, "POST", path, {"version": 2, "decision": "confirmed"}).status_code == 200
    assert Commitment.objects.get(pk=commitments[0].pk).target_date == dt.date(2030, 12, 31)
    body = {"version": 3, "decision": "confirmed", "target_date": None}
    assert call(client, "POST", path, body).status_code == 200
    assert Commitment.objects.get(pk=commitments[0].pk).target_date is None


def test_a_score_out_of_range_is_422_and_writes_nothing(world):
    commitments, the_cycle = _setup(world)
    before = AuditEntry.objects.count()
    body = {
        "commitment": commitments[0].pk,
        "economy": "KR",
        "cycle": the_cycle.pk,
        "stage": "final",
        "value": 2,
        "justification": "x",
    }
    refused = call(client_for("secretariat", world), "POST", "/commitments/scores", body)
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert not Score.objects.exists() and AuditEntry.objects.count() == before


def test_an_import_with_a_bad_line_names_it_and_imports_nothing(world):
    commitments, the_cycle = _setup(world)
    csv = (
        "commitment,economy,cycle,stage,value,justification\n"
        f"{commitments[0].pk},KR,{the_cycle.pk},final,1,ok\n"
        f"{commitments[0].pk},KR,{the_cycle.pk},final,1,the same slot again\n"
    )
    refused = call(
        client_for("secretariat", world), "POST", "/commitments/scores/import", {"csv": csv}
    )
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["line 3"]
    assert not Score.objects.exists()


def test_a_report_for_another_economy_or_an_unknown_one_is_refused(world):
    commitments, the_cycle = _setup(world)
    client = client_for("delegate_b", world)
    base = f"/commitments/items/{commitments[0].pk}/reports/{the_cycle.pk}"
    assert call(client, "PUT", f"{base}/KR", {"body": "x"}).status_code == 403
    assert call(client, "PUT", f"{base}/ZZ", {"body": "x"}).status_code == 404
    assert call(client, "PUT", f"{base}/US", {"body": "ours"}).status_code == 200
    assert ImplementationReport.objects.get().economy == world.economy_b
