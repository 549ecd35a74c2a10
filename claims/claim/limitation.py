"""A claim's limitation and screening, read from its facts as at the day they are shown.

This module owns the one mapping from what a claim stores to the pure core's limitation and
screening facts, so the claim page, the claim list, the valuation and the letters all work
from the same facts with the same functions:

- ``screening_input(claim)`` / ``screening_input_from(record)``: the ``ScreeningInput`` of a
  claim (ORM) or of a row of plain columns (``RECORD_COLUMNS`` plus the claimant's date of birth
  and postcode and the register's public-authority flag);
- ``limitation_facts(record)``: the keyword arguments of ``limitation.limitation_dates``;
- ``dates_for(claim)``, ``screen_claim(claim, today=)`` and ``screen_claims(ids, today=)``: the
  limitation dates, and the screening (flags included) as at ``today`` for one claim or a page
  of them (one query);
- ``refresh(claim, today=)``: rewrite the stored copies, the limitation key dates and the sortable
  ``earliest_limitation_on``, from the facts, and send ``events.limitation_changed`` when they moved.
  Call it whenever a fact they depend on changes: when a solicitor records concealment or capacity,
  when the claim is first linked to a register entry, when staff edit a fact (``rescreen``, which
  stores the day's screening flags too);
- ``record_facts(claim, ...)``: what a solicitor records (concealment discovered, lack of capacity
  and the day it was regained), refreshed and audited by field name.

Personal injury is ``claim_facts.personal_injury`` of the claim's medical evidence; the public
authority is ``claim_facts.public_authority``. Nothing here reads the clock: views pass ``today``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import select

from claims import audit
from claims.claim.events import limitation_changed
from claims.claim.facts import facts_of
from claims.clock import uk_today
from claims.domain import claim_facts
from claims.domain.limitation import LimitationDate, earliest_on, limitation_dates
from claims.domain.screening import STORED_FLAGS, ScreeningInput, ScreeningResult, screen
from claims.extensions import db
from claims.models import Claim, Claimant, Defendant, KeyDate

# The claim's own columns the limitation and screening facts are read from.
RECORD_COLUMNS = (
    Claim.breach_on, Claim.discovered_on, Claim.defendant_public_authority, Claim.defendant_sector,
    Claim.medical_help, Claim.diagnosed, Claim.already_represented, Claim.in_group_action,
    Claim.concealment_discovered_on, Claim.lacked_capacity, Claim.capacity_regained_on,
)


def limitation_facts(record: Mapping) -> dict:
    """The keyword arguments of ``limitation_dates`` from a record with the ``RECORD_COLUMNS`` keys, ``born_on``
    and ``public_authority`` (already decided by ``claim_facts.public_authority``)."""
    injury = claim_facts.personal_injury(claim_facts.medical_evidence(record["medical_help"],
                                                                      bool(record["diagnosed"])))
    return {"breach_on": record["breach_on"], "claimant_born_on": record["born_on"],
            "public_authority": bool(record["public_authority"]), "personal_injury": injury,
            "concealment_discovered_on": record["concealment_discovered_on"],
            "lacked_capacity": bool(record["lacked_capacity"]),
            "capacity_regained_on": record["capacity_regained_on"]}


def screening_input_from(record: Mapping) -> ScreeningInput:
    """The screening facts from a record: ``RECORD_COLUMNS`` keys, ``born_on``, ``postcode`` and
    ``register_public`` (the register entry's flag, None when the claim is not linked)."""
    public = claim_facts.public_authority(record["register_public"], record["defendant_public_authority"],
                                          record["defendant_sector"])
    facts = limitation_facts({**record, "public_authority": public})
    return ScreeningInput(
        breach_on=facts["breach_on"], discovered_on=record["discovered_on"],
        claimant_born_on=facts["claimant_born_on"], public_authority=public,
        already_represented=bool(record["already_represented"]), in_group_action=bool(record["in_group_action"]),
        claimant_postcode=record["postcode"], personal_injury=facts["personal_injury"],
        concealment_discovered_on=facts["concealment_discovered_on"], lacked_capacity=facts["lacked_capacity"],
        capacity_regained_on=facts["capacity_regained_on"])


def screening_input(claim: Claim) -> ScreeningInput:
    """The screening facts of a claim (ORM object with its claimant and register entry), from the kernel's one
    reading of its facts (``claims.claim.facts.facts_of``); ``screening_input_from`` gives the same for a row."""
    facts = facts_of(claim)
    return ScreeningInput(
        breach_on=facts.breach_on, discovered_on=facts.discovered_on, claimant_born_on=facts.claimant_born_on,
        public_authority=facts.public_authority, already_represented=bool(claim.already_represented),
        in_group_action=bool(claim.in_group_action), claimant_postcode=facts.claimant_postcode,
        personal_injury=facts.personal_injury, concealment_discovered_on=facts.concealment_discovered_on,
        lacked_capacity=facts.lacked_capacity, capacity_regained_on=facts.capacity_regained_on)


def dates_for(claim: Claim) -> list[LimitationDate]:
    """The claim's limitation dates from its facts today, earliest first."""
    facts = screening_input(claim)
    return limitation_dates(
        breach_on=facts.breach_on, claimant_born_on=facts.claimant_born_on, public_authority=facts.public_authority,
        personal_injury=facts.personal_injury, concealment_discovered_on=facts.concealment_discovered_on,
        lacked_capacity=facts.lacked_capacity, capacity_regained_on=facts.capacity_regained_on)


def screen_claim(claim: Claim, *, today: date) -> ScreeningResult:
    """The claim screened as at ``today``: its limitation dates and every flag, as the claim page shows them."""
    return screen(screening_input(claim), today=today)


def screen_claims(claim_ids: Iterable[int], *, today: date) -> dict[int, ScreeningResult]:
    """Each claim screened as at ``today`` (one query for a page of claims), by claim id."""
    ids = list(claim_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Claim.id, *RECORD_COLUMNS, Claimant.date_of_birth.label("born_on"), Claimant.postcode,
               Defendant.public_authority.label("register_public"))
        .join(Claimant, Claim.claimant_id == Claimant.id).outerjoin(Defendant, Claim.defendant_id == Defendant.id)
        .where(Claim.id.in_(ids))).mappings().all()
    return {row["id"]: screen(screening_input_from(row), today=today) for row in rows}


def refresh(claim: Claim, *, today: date | None = None) -> list[LimitationDate]:
    """Rewrite the claim's limitation key dates and ``earliest_limitation_on`` from its facts; returns the dates.

    A cause whose time is not running (s.28) has no key date until it runs. When the stored dates changed,
    sends ``limitation_changed`` (``claim``, ``today``: default today in the UK) so their warnings follow.
    Flushes nothing: the caller's request commits.
    """
    before = stored_dates(claim)
    dates = dates_for(claim)
    store_dates(claim, dates)
    if stored_dates(claim) != before:
        limitation_changed.send(None, claim=claim, today=today or uk_today())
    return dates


def stored_dates(claim: Claim) -> tuple:
    """What the claim stores of its limitation: the earliest date and each running cause's key date."""
    return claim.earliest_limitation_on, sorted(
        (kd.cause or "", kd.due_on) for kd in claim.key_dates if kd.kind == "limitation" and kd.completed_at is None)


def rescreen(claim: Claim, *, today: date) -> ScreeningResult:
    """Screen the claim again as at ``today`` after its facts changed: store the flags and the day, and ``refresh``
    the limitation dates (sending ``limitation_changed`` when they moved). Flushes nothing."""
    result = screen_claim(claim, today=today)
    store_screening(claim, result)
    refresh(claim, today=today)
    return result


def store_screening(claim, result: ScreeningResult) -> None:
    """Keep the day's flags on the claim (``screening_flags``, ``screened_on``) and, as columns the caseload filters by
    (``flag_<code>``), the flags that depend on the facts alone (``STORED_FLAGS``)."""
    claim.screening_flags = [{"code": f.code, "severity": f.severity, "message": f.message} for f in result.flags]
    claim.screened_on = result.screened_on
    codes = set(result.codes)
    for code in STORED_FLAGS:
        setattr(claim, f"flag_{code}", code in codes)


def store_dates(claim, dates: list[LimitationDate]) -> None:
    """Put ``dates`` on the claim as its limitation key dates and sortable earliest date (replacing earlier ones)."""
    claim.earliest_limitation_on = earliest_on(dates)
    claim.key_dates = [kd for kd in claim.key_dates if kd.kind != "limitation"] + [
        KeyDate(kind="limitation", cause=item.cause, label=f"Limitation: {item.label}", basis=item.basis,
                due_on=item.expires_on)
        for item in dates if item.running
    ]


RECORDED = ("concealment_discovered_on", "lacked_capacity", "capacity_regained_on")


def record_facts(claim: Claim, *, concealment_discovered_on: date | None, lacked_capacity: bool,
                 capacity_regained_on: date | None, today: date | None = None) -> list[str]:
    """Store the limitation facts a solicitor records; when any changed, refresh the stored dates (which sends
    ``limitation_changed`` if they moved) and audit the change (field names only). Returns the names of the
    fields that changed. Flushes nothing."""
    given = {"concealment_discovered_on": concealment_discovered_on, "lacked_capacity": bool(lacked_capacity),
             "capacity_regained_on": capacity_regained_on if lacked_capacity else None}
    changed = [name for name in RECORDED if getattr(claim, name) != given[name]]
    if changed:
        for name in changed:
            setattr(claim, name, given[name])
        refresh(claim, today=today)
        audit.record("claim.limitation_facts_changed", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                     details={"fields": changed})
    return changed
