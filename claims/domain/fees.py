"""No win no fee: what a conditional fee agreement (CFA) takes from the client's damages.

This module owns the fee arithmetic shown to a client before they sign: the success fee
from the prospects of success (the Atack v Lee ready reckoner), VAT on the success fee,
the after-the-event (ATE) insurance premium when the defendant does not pay it, and the
firm's cap on the total taken from the damages. Money is integer pence throughout.

The success fee is a percentage of the solicitor's base costs, at most 100%, and is
never recoverable from the defendant, so it (and the VAT on it) comes out of the damages.
An ATE premium is recoverable in misuse of private information and breach of confidence
claims but not in pure data protection ones; only an irrecoverable premium is deducted.
Whatever is above the cap is waived by the firm. A lost claim costs the client nothing.

Which of our base costs the defendant pays depends on the court track (``claims.domain.tracks``).
``illustrate`` works out each award's likely track: on the small claims track the defendant
pays almost none of the costs (fixed costs only, CPR 27.14), so the table assumes it pays none
of them, and the client's share of our base costs, the success fee, VAT on both and any ATE
premium come out of the damages, within the cap. On the other tracks it assumes the defendant
pays our base costs (and a recoverable premium), so only the success fee, its VAT and an
irrecoverable premium are deducted.

Before a partner has approved a claim's valuation the client is shown the terms applied to
``EXAMPLE_AWARDS_PENCE``, labelled as examples, never as the claim's value.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from claims.domain.money import format_pence
from claims.domain.tracks import SMALL_CLAIMS, Track, likely_track

MAX_SUCCESS_FEE_PERCENT = 100
DEFAULT_CAP_PERCENT = 25
DEFAULT_VAT_PERCENT = 20

# Three round awards across the range data breach distress awards usually fall in, for the
# "what you would keep" table before a claim has an approved valuation. Source: the judicial
# anchors in the firm's precedent table (claims/valuation/data/precedents.csv; domain notes
# §d): Halliday £750, TLT £2,500–£12,500, Bekoe £6,000, Grinyer £12,500. Examples only.
EXAMPLE_AWARDS_PENCE = (1_000_00, 5_000_00, 10_000_00)

_LABELS = {
    "prospects_percent": "Prospects of success",
    "base_costs_pence": "Base costs",
    "success_fee_percent": "Success fee",
    "cap_percent": "Cap on deductions",
    "ate_premium_pence": "ATE premium",
    "ate_recoverable": "ATE premium recoverable",
    "vat_percent": "VAT rate",
    "award": "Award",
}


class FeeError(ValueError):
    """A fee input is missing, of the wrong type or out of range; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _is_int(value: object) -> bool:
    """True for a whole number; bools are ints to Python but never a valid amount here."""
    return isinstance(value, int) and not isinstance(value, bool)


def _check_percent(field: str, value: object, low: int = 0, high: int = 100) -> None:
    """Refuse anything but a whole percentage from low to high."""
    if not _is_int(value) or not low <= value <= high:
        message = f"{_LABELS[field]} must be a whole percentage from {low} to {high}, not {value!r}"
        raise FeeError(field, message)


def _check_pence(field: str, value: object) -> None:
    """Refuse anything but a whole number of pence, £0 or more."""
    if not _is_int(value):
        raise FeeError(field, f"{_LABELS[field]} must be a whole number of pence, not {value!r}")
    if value < 0:
        raise FeeError(field, f"{_LABELS[field]} must be £0 or more, not {format_pence(value)}")


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest whole number, halves upwards (both ≥ 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def success_fee_from_prospects(prospects_percent: int) -> int:
    """The ready-reckoner success fee (1 − p) / p as a whole percentage, at most 100%."""
    # Atack v Lee [2004] EWCA Civ 1712: 50% → 100%, 60% → 67%, 75% → 33%. Below 50% the
    # formula exceeds the 100% maximum, so the maximum applies.
    _check_percent("prospects_percent", prospects_percent, low=1)
    fee = _round_half_up(100 * (100 - prospects_percent), prospects_percent)
    return min(fee, MAX_SUCCESS_FEE_PERCENT)


@dataclass(frozen=True)
class FeeTerms:
    """The money terms of one CFA, with the firm's cap and VAT settings."""

    base_costs_pence: int
    success_fee_percent: int
    cap_percent: int = DEFAULT_CAP_PERCENT
    ate_premium_pence: int = 0
    ate_recoverable: bool = False
    vat_percent: int = DEFAULT_VAT_PERCENT

    def __post_init__(self) -> None:
        _check_pence("base_costs_pence", self.base_costs_pence)
        _check_percent("success_fee_percent", self.success_fee_percent, high=MAX_SUCCESS_FEE_PERCENT)
        _check_percent("cap_percent", self.cap_percent)
        _check_pence("ate_premium_pence", self.ate_premium_pence)
        if not isinstance(self.ate_recoverable, bool):
            message = f"ATE premium recoverable must be True or False, not {self.ate_recoverable!r}"
            raise FeeError("ate_recoverable", message)
        _check_percent("vat_percent", self.vat_percent)


@dataclass(frozen=True)
class Deductions:
    """What comes out of one award: each part before the cap, the cap, and what the client keeps."""

    award_pence: int
    base_costs_pence: int  # the base costs charged to the client: 0 when the defendant is taken to pay them
    success_fee_pence: int
    vat_pence: int  # on the base costs charged to the client and the success fee
    ate_premium_pence: int  # only the part deducted from damages: 0 if the defendant pays it
    before_cap_pence: int
    cap_pence: int
    capped: bool
    waived_pence: int
    deducted_pence: int
    client_keeps_pence: int

    @property
    def client_keeps_percent(self) -> Fraction:
        """What the client keeps as an exact percentage of the award (0 when nothing is awarded)."""
        if self.award_pence == 0:
            return Fraction(0)
        return Fraction(100 * self.client_keeps_pence, self.award_pence)


def deductions(award_pence: int, terms: FeeTerms, *, costs_recovered: bool = True) -> Deductions:
    """What the CFA takes from an award of damages, capped, and what the client keeps.

    ``costs_recovered`` False: the defendant pays none of our base costs nor the ATE premium (the
    small claims track), so the client pays them, with VAT, from the damages, within the cap.
    """
    _check_pence("award", award_pence)
    if award_pence == 0:
        # No win, no fee: a lost claim takes nothing, so there is nothing to cap or waive.
        return Deductions(0, 0, 0, 0, 0, 0, 0, False, 0, 0, 0)
    base_costs = 0 if costs_recovered else terms.base_costs_pence
    success_fee = _round_half_up(terms.base_costs_pence * terms.success_fee_percent, 100)
    vat = _round_half_up((base_costs + success_fee) * terms.vat_percent, 100)
    ate = 0 if terms.ate_recoverable and costs_recovered else terms.ate_premium_pence
    before_cap = base_costs + success_fee + vat + ate
    cap = award_pence * terms.cap_percent // 100  # rounded down: in the client's favour
    deducted = min(before_cap, cap)
    return Deductions(
        award_pence=award_pence,
        base_costs_pence=base_costs,
        success_fee_pence=success_fee,
        vat_pence=vat,
        ate_premium_pence=ate,
        before_cap_pence=before_cap,
        cap_pence=cap,
        capped=before_cap > cap,
        waived_pence=before_cap - deducted,
        deducted_pence=deducted,
        client_keeps_pence=award_pence - deducted,
    )


@dataclass(frozen=True)
class Illustration:
    """One row of the "what you would keep" table: its label, the award's likely track, the figures."""

    label: str
    track: Track
    deductions: Deductions

    @property
    def costs_recovered(self) -> bool:
        """False on the small claims track: the figures assume the defendant pays none of our costs."""
        return self.track != SMALL_CLAIMS


def illustrate(awards: Mapping[str, int] | Iterable[tuple[str, int]], terms: FeeTerms) -> list[Illustration]:
    """Each labelled award (e.g. low, mid, high) on its own likely track, in order; labels may repeat in pairs."""
    pairs = awards.items() if isinstance(awards, Mapping) else awards
    rows = []
    for label, award in pairs:
        _check_pence("award", award)
        track = likely_track(award)
        rows.append(Illustration(label, track, deductions(award, terms, costs_recovered=track != SMALL_CLAIMS)))
    return rows
