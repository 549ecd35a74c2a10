"""The valuation's input: a JSON-like dict of a claim's facts, checked and normalised.

This module owns the input schema shared by the CLI, the web app and bulk jobs. Every
problem raises ``ValuationInputError`` whose message starts with the key concerned, so
the CLI can print it and exit 2. Unknown keys are refused too (a typo such as
``fear_for_saftey`` must not pass silently).

Required keys: breach_type, data_categories, special_category, children_involved,
recipients_scope, recipient_known_to_claimant, distress_level, medical_evidence,
financial_loss_gbp, breach_date. Optional keys (defaults in ``OPTIONAL_DEFAULTS``):
reference (echoed back), effects (vocab.EFFECTS codes), effects_ongoing, fear_for_safety,
had_to_move, repeated, recipient_relationship (vocab.RECIPIENT_RELATIONSHIPS),
defendant_public_authority, organisation_reply (vocab.ORGANISATION_REPLIES),
defendant_delayed, financial_losses ([{head, amount_gbp, evidenced}], head from
vocab.LOSS_HEADS), already_represented, limitation ([{cause, expires_on}]: the claim's
limitation dates, ``vocab.CAUSES_OF_ACTION`` codes with YYYY-MM-DD last days, null while a
period is not running; the limitation flags are worked out from them as at the valuation
date by ``screening.limitation_flags``). ``financial_loss_gbp`` is the total claimed; itemised
heads may not add up to more, and any remainder becomes an "unitemised" head, claimed but not
evidenced. The old ``days_to_limitation`` is refused with a message saying what replaced it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from claims.domain.money import MAX_PENCE
from claims.domain.scoring import sensitivity_tier
from claims.domain.vocab import (
    BREACH_TYPES, CAUSES_OF_ACTION, DATA_CATEGORIES, DISTRESS_LEVELS, EFFECTS, KNOWN_RECIPIENTS, LOSS_HEADS,
    ORGANISATION_REPLIES, RECIPIENT_RELATIONSHIPS, RECIPIENT_SCOPES, Vocabulary,
)

MEDICAL_EVIDENCE = Vocabulary({
    "none": "No medical evidence",
    "gp": "Seen by a GP",
    "psychiatric_diagnosis": "A psychiatric diagnosis",
})
REQUIRED_KEYS = (
    "breach_type", "data_categories", "special_category", "children_involved", "recipients_scope",
    "recipient_known_to_claimant", "distress_level", "medical_evidence", "financial_loss_gbp", "breach_date",
)
OPTIONAL_DEFAULTS = {
    "reference": None, "effects": (), "effects_ongoing": False, "fear_for_safety": False,
    "had_to_move": False, "repeated": False, "recipient_relationship": None,
    "defendant_public_authority": False, "organisation_reply": None, "defendant_delayed": False,
    "financial_losses": None, "already_represented": False, "limitation": None,
}
RETIRED_KEYS = {
    "days_to_limitation": "no longer accepted: give the limitation dates instead, as limitation: "
                          "[{\"cause\": …, \"expires_on\": \"YYYY-MM-DD\"}], and the flags are worked out as at the "
                          "valuation date",
}
UNITEMISED = "unitemised"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ValuationInputError(ValueError):
    """The claim's facts cannot be valued; the message names the key at fault."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}")
        self.key = key


@dataclass(frozen=True)
class LossItem:
    """One head of financial loss, in pence, and whether it is evidenced."""

    head: str
    pence: int
    evidenced: bool


@dataclass(frozen=True)
class ClaimFacts:
    """A claim's facts after checking: codes, booleans, pence and dates only."""

    breach_type: str
    data_categories: tuple[str, ...]
    special_category: bool
    children_involved: bool
    recipients_scope: str
    recipient_known_to_claimant: bool
    distress_level: str
    medical_evidence: str
    financial_loss_pence: int
    breach_on: date
    reference: str | None = None
    effects: tuple[str, ...] = ()
    effects_ongoing: bool = False
    fear_for_safety: bool = False
    had_to_move: bool = False
    repeated: bool = False
    recipient_relationship: str | None = None
    defendant_public_authority: bool = False
    organisation_reply: str | None = None
    defendant_delayed: bool = False
    losses: tuple[LossItem, ...] = ()
    already_represented: bool = False
    limitation: tuple[tuple[str, date | None], ...] | None = None  # (cause, last day or None: not running)

    @property
    def tier(self) -> int:
        """The data's sensitivity tier, 0 to 4 (``scoring.sensitivity_tier``)."""
        return sensitivity_tier(self.data_categories, self.special_category)


def parse_claim(claim: Mapping, *, as_of: date) -> ClaimFacts:
    """Check a claim dict against the input schema and normalise it, or raise ValuationInputError."""
    if not isinstance(claim, Mapping):
        raise ValuationInputError("claim", "expected an object of keys and values")
    _check_keys(claim)
    categories = parse_codes(claim["data_categories"], "data_categories", DATA_CATEGORIES)
    effects = parse_codes(claim.get("effects", ()), "effects", EFFECTS)
    relationship = parse_enum(claim.get("recipient_relationship"), "recipient_relationship",
                              RECIPIENT_RELATIONSHIPS, optional=True)
    total = parse_pounds(claim["financial_loss_gbp"], "financial_loss_gbp")
    return ClaimFacts(
        breach_type=parse_enum(claim["breach_type"], "breach_type", BREACH_TYPES),
        data_categories=categories,
        special_category=parse_bool(claim["special_category"], "special_category"),
        children_involved=parse_bool(claim["children_involved"], "children_involved"),
        recipients_scope=parse_enum(claim["recipients_scope"], "recipients_scope", RECIPIENT_SCOPES),
        recipient_known_to_claimant=(parse_bool(claim["recipient_known_to_claimant"], "recipient_known_to_claimant")
                                     or relationship in KNOWN_RECIPIENTS),
        distress_level=parse_enum(claim["distress_level"], "distress_level", DISTRESS_LEVELS),
        medical_evidence=parse_enum(claim["medical_evidence"], "medical_evidence", MEDICAL_EVIDENCE),
        financial_loss_pence=total,
        breach_on=parse_breach_date(claim["breach_date"], as_of=as_of),
        reference=_reference(claim.get("reference")),
        effects=effects,
        recipient_relationship=relationship,
        losses=_losses(claim.get("financial_losses"), total),
        **_optional_flags(claim, effects),
    )


def _check_keys(claim: Mapping) -> None:
    """Refuse a missing required key or a key the schema does not know."""
    for key in REQUIRED_KEYS:
        if key not in claim or claim[key] is None:
            raise ValuationInputError(key, "missing (required)")
    for key in claim:
        if key in RETIRED_KEYS:
            raise ValuationInputError(key, RETIRED_KEYS[key])
        if key not in REQUIRED_KEYS and key not in OPTIONAL_DEFAULTS:
            raise ValuationInputError(str(key), "unknown key")


def _optional_flags(claim: Mapping, effects: tuple[str, ...]) -> dict:
    """The optional yes/no facts, the reply, and the limitation dates."""
    flags = {key: parse_bool(claim.get(key, False), key) for key in (
        "effects_ongoing", "fear_for_safety", "had_to_move", "repeated",
        "defendant_public_authority", "defendant_delayed", "already_represented")}
    flags["fear_for_safety"] |= "fear_for_safety" in effects  # the intake form records these as effects
    flags["had_to_move"] |= "had_to_move" in effects
    flags["organisation_reply"] = parse_enum(claim.get("organisation_reply"), "organisation_reply",
                                             ORGANISATION_REPLIES, optional=True)
    flags["limitation"] = parse_limitation(claim.get("limitation"))
    return flags


def parse_enum(value, key: str, vocabulary: Vocabulary, *, optional: bool = False) -> str | None:
    """A code from ``vocabulary`` (None allowed only when optional)."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in vocabulary:
        raise ValuationInputError(key, f"unknown value {value!r}; expected one of {', '.join(vocabulary)}")
    return value


def parse_codes(value, key: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """A list of codes from ``vocabulary``, duplicates dropped, order kept."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValuationInputError(key, "expected a list of codes")
    for code in value:
        parse_enum(code, key, vocabulary)
    return tuple(dict.fromkeys(value))


def parse_bool(value, key: str) -> bool:
    """true or false (JSON booleans only: "yes" or 1 is refused rather than guessed)."""
    if type(value).__name__ not in ("bool", "bool_"):
        raise ValuationInputError(key, f"expected true or false, not {value!r}")
    return bool(value)


def parse_pounds(value, key: str) -> int:
    """An amount in pounds (a number, 0 or more, at most 2 decimal places) as pence."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ValuationInputError(key, f"expected an amount in pounds, not {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValuationInputError(key, "expected a finite amount")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValuationInputError(key, f"expected an amount in pounds, not {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValuationInputError(key, "expected an amount of 0 or more")
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValuationInputError(key, "expected at most 2 decimal places")
    pence = int(amount * 100)
    if pence > MAX_PENCE:
        raise ValuationInputError(key, "expected £10,000,000 or less")
    return pence


def parse_breach_date(value, *, as_of: date) -> date:
    """The breach date, YYYY-MM-DD (or a date), not after the valuation date."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValuationInputError("breach_date", f"{value!r} is not a real date") from None
    else:
        raise ValuationInputError("breach_date", f"expected a date written YYYY-MM-DD, not {value!r}")
    if day > as_of:
        raise ValuationInputError("breach_date", f"{day.isoformat()} is after the valuation date {as_of.isoformat()}")
    return day


def _reference(value) -> str | None:
    if value is not None and not isinstance(value, (str, int)):
        raise ValuationInputError("reference", "expected text or a number")
    return None if value is None else str(value)


def parse_limitation(value, key: str = "limitation") -> tuple[tuple[str, date | None], ...] | None:
    """The claim's limitation dates: a list of {cause, expires_on} (expires_on YYYY-MM-DD, or null while
    the period is not running), as (cause, date) pairs; None when not given."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise ValuationInputError(key, "expected a list of {cause, expires_on}")
    return tuple(_limitation_item(item, f"{key}[{number}]") for number, item in enumerate(value))


def _limitation_item(item, key: str) -> tuple[str, date | None]:
    if not isinstance(item, Mapping):
        raise ValuationInputError(key, "expected {cause, expires_on}")
    unknown = set(item) - {"cause", "expires_on"}
    if unknown:
        raise ValuationInputError(f"{key}.{sorted(map(str, unknown))[0]}", "unknown key")
    if "cause" not in item or "expires_on" not in item:
        raise ValuationInputError(f"{key}.{'cause' if 'cause' not in item else 'expires_on'}", "missing (required)")
    cause = parse_enum(item["cause"], f"{key}.cause", CAUSES_OF_ACTION)
    value = item["expires_on"]
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return cause, value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return cause, date.fromisoformat(value)
        except ValueError:
            raise ValuationInputError(f"{key}.expires_on", f"{value!r} is not a real date") from None
    raise ValuationInputError(f"{key}.expires_on", f"expected a date written YYYY-MM-DD or null, not {value!r}")


def _losses(items, total_pence: int) -> tuple[LossItem, ...]:
    """Itemised heads of loss; an unitemised remainder of the total is claimed only."""
    if items is None:
        return (LossItem(UNITEMISED, total_pence, False),) if total_pence else ()
    if not isinstance(items, (list, tuple)):
        raise ValuationInputError("financial_losses", "expected a list of {head, amount_gbp, evidenced}")
    losses = [_loss(item, f"financial_losses[{number}]") for number, item in enumerate(items)]
    remainder = total_pence - sum(loss.pence for loss in losses)
    if remainder < 0:
        raise ValuationInputError("financial_losses", "the items add up to more than financial_loss_gbp")
    return tuple(losses + ([LossItem(UNITEMISED, remainder, False)] if remainder else []))


def _loss(item, key: str) -> LossItem:
    if not isinstance(item, Mapping):
        raise ValuationInputError(key, "expected {head, amount_gbp, evidenced}")
    unknown = set(item) - {"head", "amount_gbp", "evidenced"}
    if unknown:
        raise ValuationInputError(f"{key}.{sorted(map(str, unknown))[0]}", "unknown key")
    for part in ("head", "amount_gbp"):
        if item.get(part) is None:
            raise ValuationInputError(f"{key}.{part}", "missing (required)")
    return LossItem(head=parse_enum(item["head"], f"{key}.head", LOSS_HEADS),
                    pence=parse_pounds(item["amount_gbp"], f"{key}.amount_gbp"),
                    evidenced=parse_bool(item.get("evidenced", False), f"{key}.evidenced"))
