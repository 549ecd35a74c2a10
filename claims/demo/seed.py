"""Synthetic demo claims, built as plain rows and bulk-inserted in batches.

This module owns what a realistic demo caseload looks like (who claims, against whom,
what happened, how far each claim has got) and how it is written fast: primary keys
allocated after the current maximum, one ``insert()`` per table per batch, never ORM
objects one by one. Screening uses the real core (``claims.domain.screening.screen``)
and intake's own ``apply_screening``, so flags and limitation dates are stored exactly
as for a claim made through the form. Every person is fake: names come from Faker, email
addresses use the reserved example domains and phone numbers Ofcom's drama range.
Flushes, never commits: the command commits once.
"""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from types import SimpleNamespace

from sqlalchemy import func, insert, select, text

from claims.domain import vocab
from claims.domain.deadlines import add_years
from claims.domain.money import format_pence
from claims.domain.screening import ScreeningInput, screen
from claims.domain.status import CLOSED_STATUSES, INITIAL_STATUS, TRANSITIONS
from claims.extensions import db
from claims.intake.submission import apply_screening, format_reference, is_public_authority
from claims.models import (
    Claim, ClaimDataCategory, ClaimEffect, Claimant, Defendant, FinancialLoss, KeyDate, LitigationFriend,
    StatusChange,
)

BATCH_SIZE = 5_000
YEARS_BACK = 6
CHILD_SHARE = 0.15
REGISTER_SHARE = 0.35  # of claims name an organisation that is in the defendant register
_ID_TABLES = (Claimant, LitigationFriend, Claim, FinancialLoss, StatusChange, KeyDate)
_INSERT_ORDER = (Claimant, LitigationFriend, Claim, ClaimDataCategory, ClaimEffect, FinancialLoss,
                 StatusChange, KeyDate)

# Made-up organisations: (name pattern, sector, what the claimant says about it being a public body).
_MADE_UP = (
    ("{town} Borough Council", "local_authority", True), ("{town} City Council", "local_authority", True),
    ("{town} Hospitals NHS Foundation Trust", "nhs", True), ("{town} Community Health NHS Trust", "nhs", None),
    ("{town} Constabulary", "police", True), ("{town} Academy Trust", "education", None),
    ("{name} Homes Housing Association", "housing", None), ("{name} & {other} Solicitors LLP", "legal", False),
    ("{name} Retail Ltd", "retail", False), ("{name} Building Society", "financial", False),
    ("{name} Mobile Ltd", "telecoms", False), ("{name} Foundation", "charity", False),
    ("{name} Logistics Ltd", "employer", False), ("Department for {town} Affairs", "central_government", True),
)
_BREACH_WEIGHTS = {"misdirected_communication": 34, "unauthorised_disclosure": 25, "lost_or_stolen": 10,
                   "cyber_attack": 10, "publication_online": 5, "employee_misuse": 9, "inaccurate_data": 3,
                   "subject_access_failure": 2, "surveillance": 1, "other": 1}
_ACCOUNTS = {
    "misdirected_communication": ("A letter about me was posted to the wrong address and opened by {who}.",
                                  "An email with my details was sent to {who} by mistake."),
    "unauthorised_disclosure": ("Staff told {who} about my case without my permission.",
                                "My new address was given to {who}."),
    "lost_or_stolen": ("A file with my details was left on a train and has not been found.",
                       "A laptop holding my records was stolen from a member of staff's car."),
    "cyber_attack": ("They told me hackers had taken my records and some were put on the dark web.",),
    "publication_online": ("A spreadsheet with my details was published on their website for weeks.",),
    "employee_misuse": ("A member of staff who knows me looked at my records and told {who}.",),
    "inaccurate_data": ("They recorded false allegations about me and passed them to {who}.",),
    "subject_access_failure": ("I asked for a copy of my records months ago and have had nothing.",),
    "surveillance": ("They put a camera facing my home and shared the footage with {who}.",),
    "other": ("My information was handled carelessly and {who} found out about my case.",),
}
_WHO = {"stranger": "a stranger", "professional": "a professional with no reason to see it",
        "neighbour": "my neighbour", "ex_partner": "my former partner", "family": "a relative",
        "colleague": "people at my work", "someone_else_known": "someone I know", "unknown": "someone"}
_SECTOR_DATA = {
    "local_authority": ("children", "social_care", "mental_health", "criminal_allegations"),
    "nhs": ("health", "mental_health", "sexual_life", "genetic_biometric"), "police": ("criminal_allegations",),
    "central_government": ("id_documents", "immigration", "financial"), "education": ("children", "employment"),
    "financial": ("financial", "id_documents"), "employer": ("employment", "health"),
    "legal": ("criminal_allegations", "children"), "housing": ("financial", "mental_health"),
}
_DETAILS = ("I could not sleep for weeks and I still check the locks every night.",
            "I stopped going out and my children noticed how anxious I was.",
            "I feel humiliated every time I see my neighbours.", "I no longer trust them with anything.",
            "I had panic attacks and needed time off work.")
_DIAGNOSES = ("Anxiety", "Depression", "Post-traumatic stress disorder", "Panic attacks", "Adjustment disorder")
_LOSS_PENCE = {"fraud": (50_00, 2_500_00), "moving_costs": (500_00, 6_000_00), "therapy": (60_00, 1_500_00),
               "lost_earnings": (100_00, 3_000_00), "travel": (5_00, 200_00), "other": (20_00, 500_00)}
_LOSS_DETAILS = {"fraud": "Money taken from my account", "moving_costs": "Removals and deposit",
                 "therapy": "Private counselling sessions", "lost_earnings": "Unpaid time off work",
                 "travel": "Travel to appointments", "other": "New locks"}
# Status weights by how long ago the claim was submitted: (up to this many days, {status: weight}).
_STATUS_BY_AGE = (
    (60, {"submitted": 45, "accepted": 25, "declined": 8, "cfa_sent": 12, "cfa_signed": 6, "withdrawn": 4}),
    (365, {"submitted": 6, "accepted": 12, "declined": 7, "cfa_sent": 8, "cfa_signed": 9, "sar_sent": 13,
           "letter_of_claim_sent": 16, "response_received": 9, "negotiation": 11, "settled": 3,
           "proceedings": 1, "withdrawn": 5}),
    (1_000, {"accepted": 3, "cfa_signed": 3, "sar_sent": 5, "letter_of_claim_sent": 10, "response_received": 12,
             "negotiation": 22, "settled": 12, "proceedings": 10, "declined": 5, "closed_won": 9,
             "closed_lost": 2, "withdrawn": 7}),
    (None, {"negotiation": 12, "settled": 8, "proceedings": 14, "declined": 6, "closed_won": 40,
            "closed_lost": 7, "withdrawn": 13}),
)
_GAP_DAYS = {"accepted": (1, 14), "declined": (1, 21), "cfa_sent": (1, 7), "cfa_signed": (2, 30),
             "sar_sent": (3, 30), "letter_of_claim_sent": (14, 90), "response_received": (14, 60),
             "negotiation": (7, 90), "settled": (14, 180), "proceedings": (30, 180), "closed_won": (14, 120),
             "closed_lost": (90, 365), "withdrawn": (7, 180)}
_REASONS = {"accepted": "Meets the firm's criteria", "cfa_sent": "CFA sent by email",
            "withdrawn": "Client withdrew instructions", "proceedings": "Claim issued in the County Court",
            "closed_won": "Damages received", "closed_lost": "Claim dismissed at trial"}


@dataclass(frozen=True)
class Pools:
    """Fixed pools of fake values, drawn from Faker once (drawing per claim would be far slower)."""

    first_names: list[str]
    last_names: list[str]
    streets: list[str]
    towns: list[str]
    postcodes: list[str]


def make_pools(seed: int, size: int = 2_000) -> Pools:
    """Draw the pools; repeats are kept, so common surnames stay common."""
    from faker import Faker  # imported here: only seeding needs it

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return Pools(
        first_names=[fake.first_name() for _ in range(size)], last_names=[fake.last_name() for _ in range(size)],
        streets=[fake.street_address().replace("\n", ", ")[:120] for _ in range(size)],
        towns=[fake.city()[:80] for _ in range(300)], postcodes=[fake.postcode()[:10] for _ in range(size)],
    )


@dataclass
class _Context:
    """Everything one seeding run shares: randomness, pools, the clock, defendants, staff and ids."""

    rng: random.Random
    pools: Pools
    now: datetime
    staff: dict[str, int]
    next_ids: dict[type, int]
    targets: list[SimpleNamespace] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)

    def take_id(self, model: type) -> int:
        """The next free primary key for a table."""
        self.next_ids[model] += 1
        return self.next_ids[model]


def seed_claims(count: int, *, seed: int, now: datetime, staff: dict[str, int],
                batch_size: int = BATCH_SIZE) -> int:
    """Insert ``count`` synthetic claims submitted over the last six years; returns how many."""
    rng = random.Random(seed)
    ctx = _Context(rng=rng, pools=make_pools(seed), now=now, staff=staff, next_ids=_max_ids())
    _choose_defendants(ctx)
    times = sorted(_submitted_at(ctx) for _ in range(count))  # ids follow submission, as at intake
    for start in range(0, count, batch_size):
        rows: dict[type, list[dict]] = {model: [] for model in _INSERT_ORDER}
        for submitted_at in times[start:start + batch_size]:
            _add_claim(rows, ctx, submitted_at)
        for model in _INSERT_ORDER:
            if rows[model]:
                db.session.execute(insert(model.__table__), rows[model])
    _sync_sequences()
    db.session.execute(text("ANALYZE"))  # fresh planner statistics after a bulk load (autovacuum may be off)
    return count


def _max_ids() -> dict[type, int]:
    return {model: db.session.scalar(select(func.coalesce(func.max(model.id), 0))) for model in _ID_TABLES}


def _sync_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids we chose, so later inserts do not collide."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in _ID_TABLES:
        table = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))


def _choose_defendants(ctx: _Context) -> None:
    """Register defendants plus made-up ones, weighted so a few organisations have many claims."""
    register = [SimpleNamespace(name=row.name, sector=row.sector, public=row.public_authority, register=row)
                for row in db.session.execute(select(Defendant.id, Defendant.name, Defendant.sector,
                                                     Defendant.public_authority).order_by(Defendant.id))]
    made_up: dict[str, SimpleNamespace] = {}
    for _ in range(400):
        target = _made_up(ctx)
        made_up.setdefault(target.name.lower(), target)
    for known in register:  # a made-up name that is in the register is the register's organisation
        made_up.pop(known.name.lower(), None)
    share = REGISTER_SHARE if register else 0.0
    ctx.targets = register + list(made_up.values())
    weights = _shares(ctx.rng, len(register), share) + _shares(ctx.rng, len(made_up), 1 - share)
    ctx.cum_weights = list(accumulate(weights))


def _shares(rng: random.Random, count: int, total: float) -> list[float]:
    """``count`` long-tailed (Pareto) weights adding up to ``total``."""
    raw = [rng.paretovariate(2.0) for _ in range(count)]
    scale = total / (sum(raw) or 1)
    return [weight * scale for weight in raw]


def _made_up(ctx: _Context) -> SimpleNamespace:
    pattern, sector, public = ctx.rng.choice(_MADE_UP)
    pools = ctx.pools
    name = pattern.format(town=ctx.rng.choice(pools.towns), name=ctx.rng.choice(pools.last_names),
                          other=ctx.rng.choice(pools.last_names))
    return SimpleNamespace(name=name[:200], sector=sector, public=public, register=None)


def _add_claim(rows: dict[type, list[dict]], ctx: _Context, submitted_at: datetime) -> None:
    """Add the rows for one claim: people, the claim, its answers, screening and history."""
    rng, claim_id = ctx.rng, ctx.take_id(Claim)
    target = rng.choices(ctx.targets, cum_weights=ctx.cum_weights)[0]
    claim = {"id": claim_id, "reference": format_reference(submitted_at.year, claim_id), "source": "online_form",
             "created_at": submitted_at, "submitted_at": submitted_at, "incident_id": None,
             **_organisation(rng, target), **_what_happened(rng, submitted_at.date()),
             **_who_saw_it(rng), **_effects(rng), **_what_done(rng)}
    born_on = _people(rows, ctx, claim, child=rng.random() < CHILD_SHARE)
    categories = _categories(rng, target.sector)
    claim["account"] = rng.choice(_ACCOUNTS[claim["breach_type"]]).format(who=_WHO[claim["recipient_relationship"]])
    rows[ClaimDataCategory] += [{"claim_id": claim_id, "category": code} for code in categories]
    rows[ClaimEffect] += [{"claim_id": claim_id, "effect": code} for code in _effect_codes(rng)]
    losses = _losses(rows, ctx, claim_id)
    flags = _screening(rows, ctx, claim, target, born_on)
    sensitive = bool(set(categories) & vocab.HIGHLY_SENSITIVE_CATEGORIES)
    claim.update(_progress(rows, ctx, claim, flags, losses, sensitive=sensitive))
    rows[Claim].append(claim)


def _submitted_at(ctx: _Context) -> datetime:
    """A time in the last six years, more often recent: the firm has grown."""
    span = YEARS_BACK * 365 * 86_400
    u = ctx.rng.random()
    fraction = u if ctx.rng.random() < 0.1 else 1 - (1 - u) ** (1 / 3)  # density falls with age
    return ctx.now - timedelta(seconds=int(fraction * span) + 3_600)


def _organisation(rng: random.Random, target: SimpleNamespace) -> dict:
    register = target.register
    public = target.public if register is None or rng.random() < 0.8 else None
    return {"defendant_name": target.name, "defendant_sector": target.sector, "defendant_public_authority": public,
            "defendant_id": register.id if register is not None else None}


def _what_happened(rng: random.Random, submitted_on: date) -> dict:
    """Breach and discovery dates: mostly months before submission, a few out of time or found out late."""
    roll = rng.random()
    lag = (rng.randint(6 * 365 + 2, 7 * 365) if roll < 0.03 else rng.randint(300, 380) if roll < 0.10
           else min(int(rng.expovariate(1 / 180)) + 3, 5 * 365))
    breach_on = submitted_on - timedelta(days=lag)
    roll = rng.random()
    found = rng.randint(0, 14) if roll < 0.7 else rng.randint(15, 300) if roll < 0.92 else rng.randint(366, 900)
    return {"breach_type": rng.choices(list(_BREACH_WEIGHTS), weights=list(_BREACH_WEIGHTS.values()))[0],
            "breach_on": breach_on, "discovered_on": min(breach_on + timedelta(days=found), submitted_on),
            "discovery_method": rng.choices(list(vocab.DISCOVERY_METHODS), weights=(40, 25, 15, 10, 7, 3))[0]}


def _who_saw_it(rng: random.Random) -> dict:
    scope = rng.choices(list(vocab.RECIPIENT_SCOPES), weights=(50, 25, 15, 10))[0]
    relationship = rng.choices(list(vocab.RECIPIENT_RELATIONSHIPS), weights=(20, 12, 18, 10, 10, 10, 8, 12))[0]
    details = "They opened it and told other people about it." if rng.random() < 0.3 else None
    return {"recipients_scope": scope, "recipient_relationship": relationship, "recipient_details": details}


def _effects(rng: random.Random) -> dict:
    medical = rng.choices(list(vocab.MEDICAL_HELP), weights=(50, 30, 15, 5))[0]
    diagnosed = medical != "none" and rng.random() < 0.4
    return {"distress_level": rng.choices(list(vocab.DISTRESS_LEVELS), weights=(3, 10, 35, 40, 12))[0],
            "effects_details": rng.choice(_DETAILS) if rng.random() < 0.6 else None,
            "medical_help": medical, "diagnosed": diagnosed,
            "diagnosis_details": rng.choice(_DIAGNOSES) if diagnosed else None,
            "condition_worsened": rng.random() < 0.15, "effects_ongoing": rng.random() < 0.45}


def _what_done(rng: random.Random) -> dict:
    represented, group = rng.random() < 0.02, rng.random() < 0.03
    return {"organisation_reply": rng.choices(list(vocab.ORGANISATION_REPLIES), weights=(35, 20, 25, 15, 5))[0],
            "complained_to_ico": rng.random() < 0.25, "already_represented": represented, "in_group_action": group,
            "other_action_details": "I signed up with a claims website last year." if represented or group else None}


def _categories(rng: random.Random, sector: str) -> list[str]:
    likely = _SECTOR_DATA.get(sector, ("financial", "health"))
    picked = {"contact_details"} if rng.random() < 0.85 else set()
    picked |= set(rng.sample(likely, k=rng.randint(1, min(2, len(likely)))))
    if rng.random() < 0.3:
        picked.add(rng.choice(("date_of_birth", "health", "ethnicity", "religion", "employment")))
    return sorted(picked)


def _effect_codes(rng: random.Random) -> list[str]:
    codes = rng.choices(list(vocab.EFFECTS), weights=(30, 22, 12, 1, 8, 10, 8, 4, 10, 2), k=rng.randint(0, 4))
    return sorted(set(codes))


def _losses(rows: dict[type, list[dict]], ctx: _Context, claim_id: int) -> int:
    """About a quarter of claimants lost money: one or two heads, in pence. Returns the total."""
    rng = ctx.rng
    if rng.random() >= 0.25:
        return 0
    heads = rng.sample(list(_LOSS_PENCE), k=rng.randint(1, 2))
    for head in heads:
        low, high = _LOSS_PENCE[head]
        rows[FinancialLoss].append({"id": ctx.take_id(FinancialLoss), "claim_id": claim_id, "head": head,
                                    "amount_pence": rng.randint(low // 100, high // 100) * 100,
                                    "description": _LOSS_DETAILS[head], "evidenced": rng.random() < 0.5})
    return sum(row["amount_pence"] for row in rows[FinancialLoss][-len(heads):])


def _people(rows: dict[type, list[dict]], ctx: _Context, claim: dict, child: bool) -> date:
    """The claimant (and, for a child, a parent or carer as litigation friend). Returns the date of birth."""
    rng, submitted_at = ctx.rng, claim["submitted_at"]
    claim["claimant_id"], claim["litigation_friend_id"] = ctx.take_id(Claimant), None
    if not child:
        adult = _person(ctx, submitted_at.date() - _years(rng.triangular(18.1, 85, 38)), submitted_at)
        rows[Claimant].append({"id": claim["claimant_id"], **adult})
        return adult["date_of_birth"]
    earliest = add_years(submitted_at.date(), -18) + timedelta(days=1)  # still under 18 when the claim is made
    born_on = earliest + timedelta(days=rng.randint(0, (claim["breach_on"] - earliest).days - 30))
    adult = _person(ctx, born_on - _years(rng.triangular(18, 45, 29)), submitted_at)
    last_name = adult["last_name"] if rng.random() < 0.85 else rng.choice(ctx.pools.last_names)
    rows[Claimant].append({**adult, "id": claim["claimant_id"], "first_name": rng.choice(ctx.pools.first_names),
                           "last_name": last_name, "date_of_birth": born_on, "email": None, "phone": None})
    claim["litigation_friend_id"] = ctx.take_id(LitigationFriend)
    relationship = rng.choices(list(vocab.CHILD_RELATIONSHIPS), weights=(80, 8, 10, 2))[0]
    rows[LitigationFriend].append({"id": claim["litigation_friend_id"], "relationship_to_claimant": relationship,
                                   **adult})
    return born_on


def _years(years: float) -> timedelta:
    return timedelta(days=int(years * 365.25))


def _person(ctx: _Context, born_on: date, created_at: datetime) -> dict:
    rng, pools = ctx.rng, ctx.pools
    first, last = rng.choice(pools.first_names), rng.choice(pools.last_names)
    handle = re.sub(r"[^a-z]", "", first.lower()) + "." + re.sub(r"[^a-z]", "", last.lower())
    return {"first_name": first, "last_name": last, "date_of_birth": born_on,
            "email": f"{handle}{rng.randint(1, 99)}@{rng.choice(('example.com', 'example.org', 'example.net'))}",
            "phone": f"07700 900{rng.randint(0, 999):03d}", "address_line_1": rng.choice(pools.streets),
            "address_line_2": None, "town": rng.choice(pools.towns), "postcode": rng.choice(pools.postcodes),
            "created_at": created_at}


def _screening(rows: dict[type, list[dict]], ctx: _Context, claim: dict, target: SimpleNamespace,
               born_on: date) -> list[str]:
    """Screen as intake does on the day of submission; store flags and limitation dates. Returns flag codes."""
    stand_in = SimpleNamespace(defendant=target.register, defendant_sector=claim["defendant_sector"],
                               defendant_public_authority=claim["defendant_public_authority"], key_dates=[])
    result = screen(ScreeningInput(
        breach_on=claim["breach_on"], discovered_on=claim["discovered_on"], claimant_born_on=born_on,
        public_authority=is_public_authority(stand_in), already_represented=claim["already_represented"],
        in_group_action=claim["in_group_action"]), today=claim["submitted_at"].date())
    apply_screening(stand_in, result)
    claim.update(screening_flags=stand_in.screening_flags, earliest_limitation_on=stand_in.earliest_limitation_on,
                 screened_on=stand_in.screened_on)
    rows[KeyDate] += [{"id": ctx.take_id(KeyDate), "claim_id": claim["id"], "kind": kd.kind, "cause": kd.cause,
                       "label": kd.label, "basis": kd.basis, "due_on": kd.due_on, "completed_at": None,
                       "assigned_to_id": None, "created_at": claim["submitted_at"]} for kd in stand_in.key_dates]
    return list(result.codes)


def _progress(rows: dict[type, list[dict]], ctx: _Context, claim: dict, flags: list[str], losses: int,
              sensitive: bool) -> dict:
    """Pick a status that fits the claim's age, then write the history that led to it."""
    rng, submitted_at = ctx.rng, claim["submitted_at"]
    status = _target_status(rng, (ctx.now - submitted_at).days, flags)
    path = rng.choice(_paths_to(status))
    handler = ctx.staff["partner"] if rng.random() < 0.1 else ctx.staff["solicitor"]
    settled = _settlement_pence(rng, claim, losses, sensitive) if {"settled", "closed_won"} & set(path) else None
    times = _change_times(rng, path, submitted_at, ctx.now)
    for before, after, at in zip((None, *path), path, times):
        rows[StatusChange].append({
            "id": ctx.take_id(StatusChange), "claim_id": claim["id"], "from_status": before, "to_status": after,
            "reason": _reason(after, flags, settled) if before else "Submitted online", "changed_at": at,
            "changed_by_id": handler if before else None})
    return {"status": status, "assigned_to_id": handler if "accepted" in path else None, "settled_pence": settled,
            "closed_at": times[-1] if status in CLOSED_STATUSES else None, "updated_at": times[-1]}


def _target_status(rng: random.Random, age_days: int, flags: list[str]) -> str:
    weights = next(w for limit, w in _STATUS_BY_AGE if limit is None or age_days <= limit)
    status = rng.choices(list(weights), weights=list(weights.values()))[0]
    if "out_of_time" in flags and status != INITIAL_STATUS:
        return "declined"  # the firm does not take claims that are out of time
    return status


@lru_cache(maxsize=None)
def _paths_to(status: str) -> tuple[tuple[str, ...], ...]:
    """Every route through the status machine from a new claim to ``status`` with no status repeated."""
    found, stack = [], [(INITIAL_STATUS,)]
    while stack:
        path = stack.pop()
        if path[-1] == status:
            found.append(path)
            continue
        stack += [(*path, following) for following in TRANSITIONS[path[-1]] if following not in path]
    return tuple(sorted(found))


def _change_times(rng: random.Random, path: tuple[str, ...], submitted_at: datetime, now: datetime) -> list[datetime]:
    """Submission, then each move a plausible gap later, squeezed to fit before now."""
    gaps = [timedelta(days=rng.randint(*_GAP_DAYS[status]), seconds=rng.randint(0, 28_800)) for status in path[1:]]
    room = (now - submitted_at) * 0.95
    total = sum(gaps, timedelta())
    if total > room:
        gaps = [gap * (room / total) for gap in gaps]
    times = [submitted_at]
    for gap in gaps:
        times.append(times[-1] + gap)
    return times


def _settlement_pence(rng: random.Random, claim: dict, losses: int, sensitive: bool) -> int:
    """Damages in whole pounds: a few hundred to tens of thousands, more for the aggravating facts."""
    pounds = rng.lognormvariate(math.log(1_800), 0.7)
    pounds *= (1.6 if sensitive else 1) * (1.5 if claim["diagnosed"] else 1)
    pounds = min(max(round(pounds / 50) * 50, 250), 120_000)
    return pounds * 100 + losses


def _reason(status: str, flags: list[str], settled: int | None) -> str | None:
    if status == "declined":
        if "out_of_time" in flags:
            return "Out of time: limitation has passed"
        return "Low value: distress only, costs risk"
    if status == "settled":
        return f"Settled for {format_pence(settled)}"
    return _REASONS.get(status)
