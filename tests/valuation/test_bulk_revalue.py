"""Re-valuing seeded demo claims in bulk gives the same figures as valuing each claim on its own."""
from __future__ import annotations

from collections import Counter
import pytest
from sqlalchemy import func, select

from claims.clock import uk_today
from claims.extensions import db
from claims.models import AuditEvent, Claim, ValuationSnapshot
from claims.valuation import service

COUNT = 300


@pytest.fixture(autouse=True)
def _fresh_pools():
    service.forget_pools()
    yield
    service.forget_pools()


@pytest.fixture
def seeded(app, curated, tmp_path):
    """300 demo claims (seed 3, so some settled ones join the pool as firm outcomes)."""
    app.config["DEMO_CREDENTIALS_FILE"] = str(tmp_path / "demo-credentials.txt")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--claims", str(COUNT), "--seed", "3"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return uk_today()  # demo breach dates are all before today


def live_snapshots() -> dict[int, ValuationSnapshot]:
    snapshots = db.session.scalars(select(ValuationSnapshot).where(ValuationSnapshot.review_status != "superseded"))
    return {snapshot.claim_id: snapshot for snapshot in snapshots}


def test_bulk_and_single_valuations_agree(app, seeded):
    as_of = seeded
    assert service.current_data(as_of).firm_outcomes > 0  # the pool holds the demo's settlements
    assert service.revalue_claims(as_of=as_of, batch_size=128) == COUNT  # several batches
    db.session.commit()
    bulk = live_snapshots()
    assert len(bulk) == COUNT
    on_rows = dict(db.session.execute(select(Claim.id, Claim.value_pence)).all())
    assert on_rows == {claim_id: snapshot.mid_pence for claim_id, snapshot in bulk.items()}  # the caseload's value
    sample = db.session.scalars(select(Claim).order_by(Claim.id).where(Claim.id % 7 == 0)).all()
    for claim in sample:
        single = service.value_claim(claim, user=None, as_of=as_of)
        stored = bulk[claim.id]
        assert stored.inputs == single.inputs, claim.reference
        assert (stored.low_pence, stored.mid_pence, stored.high_pence) == (
            single.low_pence, single.mid_pence, single.high_pence), claim.reference
        assert (stored.score, stored.confidence) == (single.score, single.confidence), claim.reference
        for key in ("general_damages", "total", "model_version", "as_of", "reference", "method"):
            expected = single.output[key] if key != "method" else {"data": single.output["method"]["data"]}
            assert stored.output[key] == expected, (claim.reference, key)
        assert stored.output["special_damages"]["total"] == single.output["special_damages"]["total"]
    db.session.commit()
    assert len(live_snapshots()) == COUNT  # each single valuation superseded the bulk one


def test_a_bulk_snapshot_records_its_versions_and_a_summary_output(app, seeded):
    service.revalue_claims(as_of=seeded)
    db.session.commit()
    snapshot = next(iter(live_snapshots().values()))
    assert snapshot.created_by_id is None and snapshot.review_status == "awaiting_review"
    assert (snapshot.precedent_set_version, snapshot.inflation_set_version) == (1, 1)
    assert snapshot.output["bulk"] is True and "comparables" not in snapshot.output
    assert snapshot.output["confidence"]["level"] == snapshot.confidence


def test_revaluing_again_supersedes_and_keeps_one_live_snapshot_per_claim(app, seeded):
    service.revalue_claims(as_of=seeded)
    service.revalue_claims(as_of=seeded)
    db.session.commit()
    statuses = Counter(db.session.scalars(select(ValuationSnapshot.review_status)))
    assert statuses == {"awaiting_review": COUNT, "superseded": COUNT}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "valuation.bulk_revalued"))
    assert event.details["claims"] == COUNT and event.actor == "system"


def test_only_the_claims_asked_for_are_revalued(app, seeded):
    ids = list(db.session.scalars(select(Claim.id).order_by(Claim.id).limit(5)))
    assert service.revalue_claims(ids, as_of=seeded) == 5
    assert set(live_snapshots()) == set(ids)


def test_claims_whose_breach_is_after_the_valuation_date_are_skipped(app, seeded):
    breach_dates = sorted(db.session.scalars(select(Claim.breach_on)))
    as_of = breach_dates[len(breach_dates) // 2]
    expected = db.session.scalar(select(func.count(Claim.id)).where(Claim.breach_on <= as_of))
    assert 0 < expected < COUNT and service.revalue_claims(as_of=as_of) == expected


def test_the_revalue_command_values_every_claim(app, seeded):
    result = app.test_cli_runner().invoke(args=["valuation", "revalue", "--all", "--as-of", seeded.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Re-valued {COUNT} claim(s)")
    assert len(live_snapshots()) == COUNT


def test_a_bulk_valuation_shows_its_reasons_on_the_report_and_review_pages(client, login_as, curated, make_claim):
    from claims.clock import uk_today
    from claims.models import ValuationSnapshot
    from claims.valuation import service
    from claims.extensions import db
    from sqlalchemy import select

    claim = make_claim()
    service.revalue_claims([claim.id], as_of=uk_today())
    db.session.commit()
    snapshot = db.session.scalars(select(ValuationSnapshot)).one()
    assert snapshot.output.get("bulk") and "comparables" not in snapshot.output
    login_as("partner")
    from tests.pages import parse

    report = parse(client.get(f"/staff/valuation/claims/{claim.id}")).text
    explained = service.explained_output(snapshot)
    assert explained["comparables"] and explained["factors"]
    assert explained["total"] == snapshot.output["total"]  # same data versions: the same figures
    for comparable in explained["comparables"][:3]:
        assert comparable["case_name"] in report
    assert "worked out again from this bulk valuation" in report
    review = parse(client.get(f"/staff/valuation/review/{snapshot.id}")).text
    assert explained["factors"][0]["label"] in review
