"""Synthetic demo claims, built as plain rows and bulk-inserted in batches, with their tasks and notes.

This module owns how one demo claim is put together (who claims, against whom, what
happened, and the history rows for how far it has got, chosen in ``claims.demo.progress``
from words in ``claims.demo.pools``) and how the caseload is written fast: primary keys
allocated after the current maximum, one ``insert()`` per table per batch, never ORM
objects one by one. Screening uses the real core (``claims.domain.screening.screen``)
and intake's own ``apply_screening``, so flags and limitation dates are stored exactly
as for a claim made through the form. Every person is fake: names come from Faker, email
addresses use the reserved example domains and phone numbers Ofcom's drama range.
Flushes, never commits: the command commits once.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate, takewhile
from types import SimpleNamespace

from sqlalchemy import func, insert, select, text

from claims.demo import outcomes, pools, progress, work
from claims.demo.pools import Pools
from claims.demo.teams import TEAM_SHARES
from claims.domain import claim_facts, vocab
from claims.domain.deadlines import add_years
from claims.domain.screening import STORED_FLAGS, ScreeningInput, screen
from claims.domain.status import CLOSED_STATUSES
from claims.extensions import db
from claims.intake.submission import apply_screening, format_reference
from claims.models import (
    Claim, ClaimDataCategory, ClaimEffect, Claimant, Defendant, DefendantResponse, FinancialLoss, KeyDate,
    LitigationFriend, Note, Offer, Payment, Proceedings, Settlement, StatusChange, Task,
)

BATCH_SIZE = 5_000
YEARS_BACK = 6
CHILD_SHARE = 0.15
REGISTER_SHARE = 0.35  # of claims name an organisation that is in the defendant register
_ID_TABLES = (Claimant, LitigationFriend, Claim, FinancialLoss, StatusChange, KeyDate, Task, Note,
              DefendantResponse, Offer, Settlement, Payment, Proceedings)
_INSERT_ORDER = (Claimant, LitigationFriend, Claim, ClaimDataCategory, ClaimEffect, FinancialLoss,
                 StatusChange, KeyDate, Task, Note, DefendantResponse, Offer, Settlement, Payment, Proceedings)


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
    teams: list = field(default_factory=list)  # claims.demo.teams.DemoTeam: who handles and supervises
    team_rng: random.Random = field(default_factory=random.Random)  # its own stream: the claims stay the same
    outcome_rng: random.Random = field(default_factory=random.Random)  # responses, offers, settlements: the same

    def take_id(self, model: type) -> int:
        """The next free primary key for a table."""
        self.next_ids[model] += 1
        return self.next_ids[model]


def seed_claims(count: int, *, seed: int, now: datetime, staff: dict[str, int], teams: list | None = None,
                batch_size: int = BATCH_SIZE) -> int:
    """Insert ``count`` synthetic claims submitted over the last six years; returns how many.

    ``teams`` (``claims.demo.teams.DemoTeam``): each claim goes to one, handled by one of its solicitors (or
    its partner) and supervised by its partner; without teams, by the demo solicitor or partner."""
    rng = random.Random(seed)
    ctx = _Context(rng=rng, pools=pools.make_pools(seed), now=now, staff=staff, next_ids=_max_ids(),
                   teams=list(teams or []), team_rng=random.Random(seed + 1), outcome_rng=random.Random(seed + 2))
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


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    """One code, drawn with these weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _made_up(ctx: _Context) -> SimpleNamespace:
    rng, fake = ctx.rng, ctx.pools
    pattern, sector, public = rng.choice(pools.MADE_UP_ORGANISATIONS)
    name = pattern.format(town=rng.choice(fake.towns), name=rng.choice(fake.last_names),
                          other=rng.choice(fake.last_names))
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
    claim["account"] = rng.choice(pools.ACCOUNTS[claim["breach_type"]]).format(
        who=pools.WHO_SAW_IT[claim["recipient_relationship"]])
    rows[ClaimDataCategory] += [{"claim_id": claim_id, "category": code} for code in categories]
    rows[ClaimEffect] += [{"claim_id": claim_id, "effect": code} for code in _effect_codes(rng)]
    losses = _losses(rows, ctx, claim_id)
    flags = _screening(rows, ctx, claim, target, born_on)
    sensitive = bool(set(categories) & vocab.HIGHLY_SENSITIVE_CATEGORIES)
    claim.update(_status_history(rows, ctx, claim, flags, losses, sensitive=sensitive))
    rows[Claim].append(claim)
    mine = lambda row: row["claim_id"] == claim_id  # noqa: E731  (this claim's rows are the last ones added)
    history = list(takewhile(mine, reversed(rows[StatusChange])))[::-1]
    limitation = [row for row in takewhile(mine, reversed(rows[KeyDate])) if row["kind"] == "limitation"]
    work.add_work(rows, ctx, claim, history, limitation)


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
    return {"breach_type": _pick(rng, pools.BREACH_TYPE_WEIGHTS),
            "breach_on": breach_on, "discovered_on": min(breach_on + timedelta(days=found), submitted_on),
            "discovery_method": _pick(rng, pools.DISCOVERY_METHOD_WEIGHTS)}


def _who_saw_it(rng: random.Random) -> dict:
    scope = _pick(rng, pools.RECIPIENT_SCOPE_WEIGHTS)
    relationship = _pick(rng, pools.RECIPIENT_RELATIONSHIP_WEIGHTS)
    details = "They opened it and told other people about it." if rng.random() < 0.3 else None
    return {"recipients_scope": scope, "recipient_relationship": relationship, "recipient_details": details}


def _effects(rng: random.Random) -> dict:
    medical = _pick(rng, pools.MEDICAL_HELP_WEIGHTS)
    diagnosed = medical != "none" and rng.random() < 0.4
    return {"distress_level": _pick(rng, pools.DISTRESS_LEVEL_WEIGHTS),
            "effects_details": rng.choice(pools.EFFECT_DETAILS) if rng.random() < 0.6 else None,
            "medical_help": medical, "diagnosed": diagnosed,
            "diagnosis_details": rng.choice(pools.DIAGNOSES) if diagnosed else None,
            "condition_worsened": rng.random() < 0.15, "effects_ongoing": rng.random() < 0.45}


def _what_done(rng: random.Random) -> dict:
    represented, group = rng.random() < 0.02, rng.random() < 0.03
    return {"organisation_reply": _pick(rng, pools.ORGANISATION_REPLY_WEIGHTS),
            "complained_to_ico": rng.random() < 0.25, "already_represented": represented, "in_group_action": group,
            "other_action_details": "I signed up with a claims website last year." if represented or group else None}


def _categories(rng: random.Random, sector: str) -> list[str]:
    likely = pools.SECTOR_DATA_CATEGORIES.get(sector, pools.SECTOR_DATA_FALLBACK)
    picked = {"contact_details"} if rng.random() < 0.85 else set()
    picked |= set(rng.sample(likely, k=rng.randint(1, min(2, len(likely)))))
    if rng.random() < 0.3:
        picked.add(rng.choice(pools.EXTRA_DATA_CATEGORIES))
    return sorted(picked)


def _effect_codes(rng: random.Random) -> list[str]:
    weights = pools.EFFECT_WEIGHTS
    codes = rng.choices(list(weights), weights=list(weights.values()), k=rng.randint(0, 4))
    return sorted(set(codes))


def _losses(rows: dict[type, list[dict]], ctx: _Context, claim_id: int) -> int:
    """About a quarter of claimants lost money: one or two heads, in pence. Returns the total."""
    rng = ctx.rng
    if rng.random() >= 0.25:
        return 0
    heads = rng.sample(list(pools.LOSS_RANGE_PENCE), k=rng.randint(1, 2))
    for head in heads:
        low, high = pools.LOSS_RANGE_PENCE[head]
        rows[FinancialLoss].append({"id": ctx.take_id(FinancialLoss), "claim_id": claim_id, "head": head,
                                    "amount_pence": rng.randint(low // 100, high // 100) * 100,
                                    "description": pools.LOSS_DESCRIPTIONS[head], "evidenced": rng.random() < 0.5})
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
    relationship = _pick(rng, pools.CHILD_RELATIONSHIP_WEIGHTS)
    rows[LitigationFriend].append({"id": claim["litigation_friend_id"], "relationship_to_claimant": relationship,
                                   **adult})
    return born_on


def _years(years: float) -> timedelta:
    return timedelta(days=int(years * 365.25))


def _person(ctx: _Context, born_on: date, created_at: datetime) -> dict:
    rng, fake = ctx.rng, ctx.pools
    first, last = rng.choice(fake.first_names), rng.choice(fake.last_names)
    handle = re.sub(r"[^a-z]", "", first.lower()) + "." + re.sub(r"[^a-z]", "", last.lower())
    return {"first_name": first, "last_name": last, "date_of_birth": born_on,
            "email": f"{handle}{rng.randint(1, 99)}@{rng.choice(pools.EMAIL_DOMAINS)}",
            "phone": f"07700 900{rng.randint(0, 999):03d}", "address_line_1": rng.choice(fake.streets),
            "address_line_2": None, "town": rng.choice(fake.towns), "postcode": rng.choice(fake.postcodes),
            "created_at": created_at}


def _screening(rows: dict[type, list[dict]], ctx: _Context, claim: dict, target: SimpleNamespace,
               born_on: date) -> list[str]:
    """Screen as intake does on the day of submission; store flags and limitation dates. Returns flag codes."""
    stand_in = SimpleNamespace(defendant=target.register, defendant_sector=claim["defendant_sector"],
                               defendant_public_authority=claim["defendant_public_authority"], key_dates=[])
    injury = claim_facts.personal_injury(claim_facts.medical_evidence(claim["medical_help"], claim["diagnosed"]))
    result = screen(ScreeningInput(
        breach_on=claim["breach_on"], discovered_on=claim["discovered_on"], claimant_born_on=born_on,
        public_authority=claim_facts.public_authority(target.register.public_authority if target.register else None,
                                                      claim["defendant_public_authority"], claim["defendant_sector"]),
        already_represented=claim["already_represented"], in_group_action=claim["in_group_action"],
        personal_injury=injury), today=claim["submitted_at"].date())
    apply_screening(stand_in, result)
    claim.update(screening_flags=stand_in.screening_flags, earliest_limitation_on=stand_in.earliest_limitation_on,
                 screened_on=stand_in.screened_on,
                 **{f"flag_{code}": getattr(stand_in, f"flag_{code}") for code in STORED_FLAGS})
    rows[KeyDate] += [{"id": ctx.take_id(KeyDate), "claim_id": claim["id"], "kind": kd.kind, "cause": kd.cause,
                       "label": kd.label, "basis": kd.basis, "due_on": kd.due_on, "completed_at": None,
                       "assigned_to_id": None, "created_at": claim["submitted_at"]} for kd in stand_in.key_dates]
    return list(result.codes)


def _status_history(rows: dict[type, list[dict]], ctx: _Context, claim: dict, flags: list[str], losses: int,
                    sensitive: bool) -> dict:
    """Pick a status that fits the claim's age, then write the history that led to it."""
    rng, submitted_at = ctx.rng, claim["submitted_at"]
    status = progress.target_status(rng, (ctx.now - submitted_at).days, flags)
    path = rng.choice(progress.paths_to(status))
    by_partner = rng.random() < 0.1
    team = _team(ctx)
    if team is None:
        handler = ctx.staff["partner"] if by_partner else ctx.staff["solicitor"]
    else:
        handler = team.partner if by_partner else ctx.team_rng.choice(team.solicitors)
    won = {"settled", "closed_won"} & set(path)
    settled = progress.settlement_pence(rng, claim, losses, sensitive) if won else None
    times = progress.change_times(rng, path, submitted_at, ctx.now)
    for before, after, at in zip((None, *path), path, times):
        rows[StatusChange].append({
            "id": ctx.take_id(StatusChange), "claim_id": claim["id"], "from_status": before, "to_status": after,
            "reason": progress.reason(after, flags, settled) if before else "Submitted online", "changed_at": at,
            "changed_by_id": handler if before else None})
    outcomes.add_outcomes(rows, ctx, {**claim, "status": status, "settled_pence": settled}, path, times, losses,
                          handler)
    return {"status": status, "assigned_to_id": handler if "accepted" in path else None, "settled_pence": settled,
            "closed_at": times[-1] if status in CLOSED_STATUSES else None, "updated_at": times[-1],
            "team_id": team.id if team else None, "supervisor_id": team.partner if team else None}


def _team(ctx: _Context):
    """The team a claim is in (weighted: the first, which takes new claims, is the biggest), or None."""
    if not ctx.teams:
        return None
    weights = list(TEAM_SHARES[:len(ctx.teams)]) + [TEAM_SHARES[-1]] * max(len(ctx.teams) - len(TEAM_SHARES), 0)
    return ctx.team_rng.choices(ctx.teams, weights=weights)[0]
