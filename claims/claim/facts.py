"""One reading of a claim's facts: built once from the models, read by screening, valuation and letters.

``ClaimFacts`` holds what the claimant answered that the rules turn on, and every derived fact
(public authority, children involved, the claimant a child at the breach, medical evidence,
personal injury, recipient known, special category), each worked out by the pure function of
the same name in ``claims.domain.claim_facts``. ``facts_of`` reads a loaded claim;
``facts_from_row`` reads the columns a bulk query selects, so one claim valued alone and in a
bulk job gets the same facts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from claims.domain import claim_facts as rules
from claims.domain.limitation import child_on
from claims.models import Claim


@dataclass(frozen=True)
class ClaimFacts:
    breach_on: date
    discovered_on: date
    claimant_born_on: date | None
    claimant_postcode: str | None
    data_categories: tuple[str, ...]
    effects: tuple[str, ...]
    public_authority: bool  # the Human Rights Act can apply to the defendant
    children_involved: bool  # a child at the breach, or children's or social care records
    child_at_breach: bool  # the claimant was under 18 on the breach date (Limitation Act 1980 s.28)
    medical_evidence: str  # "psychiatric_diagnosis", "gp" or "none"
    personal_injury: bool  # a diagnosed psychiatric injury: a personal-injury action (s.11)
    recipient_known: bool
    special_category: bool
    concealment_discovered_on: date | None  # deliberate concealment, discovered that day (s.32)
    lacked_capacity: bool  # lacked capacity when the claim arose (s.28)
    capacity_regained_on: date | None


def facts_from_row(row: Mapping, *, categories: Iterable[str], effects: Iterable[str]) -> ClaimFacts:
    """The facts from plain values: the claim's columns (``breach_on``, ``discovered_on``,
    ``medical_help``, ``diagnosed``, ``recipient_relationship``, ``defendant_public_authority``,
    ``defendant_sector``; the limitation facts a solicitor records, if selected), ``born_on``, ``postcode``
    and ``register_public`` (the register's flag, or None)."""
    categories, effects = tuple(categories), tuple(effects)
    evidence = rules.medical_evidence(row["medical_help"], bool(row["diagnosed"]))
    return ClaimFacts(
        breach_on=row["breach_on"], discovered_on=row["discovered_on"], claimant_born_on=row["born_on"],
        claimant_postcode=row.get("postcode"), data_categories=categories, effects=effects,
        public_authority=rules.public_authority(row["register_public"], row["defendant_public_authority"],
                                                row["defendant_sector"]),
        children_involved=rules.children_involved(row["born_on"], row["breach_on"], categories),
        child_at_breach=child_on(row["born_on"], row["breach_on"]),
        medical_evidence=evidence, personal_injury=rules.personal_injury(evidence),
        recipient_known=rules.recipient_known(row["recipient_relationship"]),
        special_category=rules.special_category(categories),
        concealment_discovered_on=row.get("concealment_discovered_on"),
        lacked_capacity=bool(row.get("lacked_capacity")), capacity_regained_on=row.get("capacity_regained_on"),
    )


def facts_of(claim: Claim) -> ClaimFacts:
    """The facts of a loaded claim (its claimant, categories, effects and register entry)."""
    row = {name: getattr(claim, name) for name in (
        "breach_on", "discovered_on", "medical_help", "diagnosed", "recipient_relationship",
        "defendant_public_authority", "defendant_sector", "concealment_discovered_on", "lacked_capacity",
        "capacity_regained_on")}
    row.update(born_on=claim.claimant.date_of_birth, postcode=claim.claimant.postcode,
               register_public=claim.defendant.public_authority if claim.defendant is not None else None)
    return facts_from_row(row, categories=claim.category_codes, effects=claim.effect_codes)
