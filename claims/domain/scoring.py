"""The distress score: how serious a breach was for the claimant, 0 to 100, factor by factor.

This module owns the scoring tables: which facts add points, how many, and the plain
English reason shown beside each. Every factor has a maximum and the maxima add up to
exactly 100, so the score never needs a cap that would hide a contribution. The most
sensitive data (social care and child protection records, criminal allegations, mental
health, sex life) weighs most; then who saw it (a hostile ex-partner or neighbour is
worse than a professional), how widely, the harm described and its medical evidence,
how long it lasts, vulnerability, and how the organisation handled it.

The valuation (``claims.domain.valuation``) turns the score into a prior band of
damages; ``score_frame`` scores a whole frame of claims at once with the same tables.
Pure: no clock, no I/O.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

# Sensitivity tier of each data category (vocab.DATA_CATEGORIES): 4 weighs most.
TIER_BY_CATEGORY = {
    "social_care": 4, "criminal_allegations": 4, "mental_health": 4, "sexual_life": 4,
    "health": 3, "children": 3, "ethnicity": 3, "religion": 3, "political": 3,
    "genetic_biometric": 3, "immigration": 3,
    "financial": 2, "id_documents": 2,
    "contact_details": 1, "date_of_birth": 1, "employment": 1, "other": 1,
}
# What the sensitivity reason calls each category (it names only the most sensitive ones present).
CATEGORY_NAMES = {
    "social_care": "social care or child protection records", "criminal_allegations": "criminal allegations",
    "mental_health": "mental health", "sexual_life": "sex life or sexual orientation",
    "health": "physical health", "children": "children's data", "ethnicity": "racial or ethnic origin",
    "religion": "religious or philosophical beliefs", "political": "political opinions or trade union membership",
    "genetic_biometric": "genetic or biometric data", "immigration": "immigration status",
    "financial": "financial details", "id_documents": "identity documents",
    "contact_details": "contact details", "date_of_birth": "date of birth",
    "employment": "employment or education records", "other": "other personal details",
}
SPECIAL_CATEGORY_TIER = 3  # special_category=true lifts the tier to at least this
TIER_LABELS = (
    "no data described",
    "basic personal details",
    "financial details or identity documents",
    "special category data, children's or immigration data",
    "social care or child protection records, criminal allegations, mental health or sex life",
)
TIER_POINTS = (0, 5, 10, 16, 22)

RELATIONSHIP_POINTS = {  # vocab.RECIPIENT_RELATIONSHIPS: hostility and closeness to the claimant
    "ex_partner": 11, "neighbour": 10, "family": 8, "colleague": 8, "someone_else_known": 7,
    "unknown": 4, "stranger": 3, "professional": 1,
}
KNOWN_POINTS = {True: 7, False: 3}  # when the relationship itself is not given
SCOPE_POINTS = {"single_recipient": 2, "few_recipients": 4, "many_recipients": 7, "public": 9}
REPEATED_POINTS = 4
DISTRESS_POINTS = {"none": 0, "minimal": 3, "moderate": 6, "significant": 9, "severe": 12}
EFFECT_POINTS, EFFECTS_MAX = 1, 4
SEPARATELY_SCORED_EFFECTS = frozenset({"fear_for_safety", "had_to_move"})
MEDICAL_POINTS = {"none": 0, "gp": 5, "psychiatric_diagnosis": 10}
ONGOING_POINTS = 4
CHILDREN_POINTS, FEAR_POINTS = 3, 5
MOVED_POINTS = 12  # relocation drives the largest settlements (Hackney £106,000; Enable Law £200,000+: prior.py ANCHORS)
REPLY_POINTS = {"no_reply": 3, "denied": 3, "apologised": 0, "not_complained": 0, "other": 0}
DELAY_POINTS, HANDLING_MAX = 1, 4

FACTOR_MAXIMA = {
    "sensitivity": TIER_POINTS[-1], "recipient": max(RELATIONSHIP_POINTS.values()),
    "spread": max(SCOPE_POINTS.values()), "repeated": REPEATED_POINTS,
    "distress": max(DISTRESS_POINTS.values()), "effects": EFFECTS_MAX,
    "medical": max(MEDICAL_POINTS.values()), "duration": ONGOING_POINTS,
    "vulnerability": CHILDREN_POINTS + FEAR_POINTS, "relocation": MOVED_POINTS,
    "handling": HANDLING_MAX,
}
FACTOR_LABELS = {
    "sensitivity": "Sensitivity of the data", "recipient": "Who saw it",
    "spread": "How widely it went", "repeated": "Repeated breaches",
    "distress": "Distress described", "effects": "Effects reported",
    "medical": "Medical evidence", "duration": "Duration",
    "vulnerability": "Vulnerability", "relocation": "Had to move home",
    "handling": "The organisation's handling",
}


class ScoringFacts(Protocol):
    """The facts the score reads (``valuation.inputs.ClaimFacts`` provides them)."""

    data_categories: tuple[str, ...]
    special_category: bool
    children_involved: bool
    recipients_scope: str
    recipient_known_to_claimant: bool
    recipient_relationship: str | None
    distress_level: str
    medical_evidence: str
    effects: tuple[str, ...]
    effects_ongoing: bool
    fear_for_safety: bool
    had_to_move: bool
    repeated: bool
    organisation_reply: str | None
    defendant_delayed: bool


@dataclass(frozen=True)
class Factor:
    """One factor's contribution to the score, with the fact that earned it."""

    name: str
    points: int
    reason: str

    @property
    def label(self) -> str:
        """The factor's name as shown to a solicitor."""
        return FACTOR_LABELS[self.name]

    @property
    def maximum(self) -> int:
        """The most this factor can contribute."""
        return FACTOR_MAXIMA[self.name]

    def as_dict(self) -> dict:
        """Primitives for the valuation's output."""
        return {"name": self.name, "label": self.label, "contribution": self.points,
                "maximum": self.maximum, "reason": self.reason}


@dataclass(frozen=True)
class Score:
    """The distress score and the factors that make it up (they add up to ``total``)."""

    total: int
    factors: tuple[Factor, ...]


def sensitivity_tier(categories: Iterable[str], special_category: bool) -> int:
    """The data's sensitivity tier, 0 (nothing described) to 4 (most sensitive)."""
    tier = max((TIER_BY_CATEGORY[code] for code in categories), default=0)
    return max(tier, SPECIAL_CATEGORY_TIER) if special_category else tier


def sensitivity_reason(categories: Iterable[str], special_category: bool) -> str:
    """Why the data scored its tier: the categories present at that tier, by name, and nothing else
    ("special category data" when only ``special_category`` lifted it; "no data described" for none)."""
    present = set(categories)
    tier = sensitivity_tier(present, special_category)
    names = [CATEGORY_NAMES[code] for code in CATEGORY_NAMES if code in present and TIER_BY_CATEGORY[code] == tier]
    if not names:
        return "special category data" if tier else TIER_LABELS[0]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def score_claim(facts: ScoringFacts) -> Score:
    """Score one claim's facts, factor by factor."""
    factors = (
        _sensitivity(facts), _recipient(facts), _spread(facts), _repeated(facts),
        _distress(facts), _effects(facts), _medical(facts), _duration(facts),
        _vulnerability(facts), _relocation(facts), _handling(facts),
    )
    return Score(total=sum(factor.points for factor in factors), factors=factors)


def _sensitivity(facts: ScoringFacts) -> Factor:
    tier = sensitivity_tier(facts.data_categories, facts.special_category)
    return Factor("sensitivity", TIER_POINTS[tier], sensitivity_reason(facts.data_categories, facts.special_category))


def _recipient(facts: ScoringFacts) -> Factor:
    relationship = facts.recipient_relationship
    if relationship is not None:
        return Factor("recipient", RELATIONSHIP_POINTS[relationship], f"recipient: {relationship.replace('_', ' ')}")
    known = facts.recipient_known_to_claimant
    return Factor("recipient", KNOWN_POINTS[known],
                  "the recipient knows the claimant" if known else "the recipient does not know the claimant")


def _spread(facts: ScoringFacts) -> Factor:
    scope = facts.recipients_scope
    return Factor("spread", SCOPE_POINTS[scope], scope.replace("_", " "))


def _repeated(facts: ScoringFacts) -> Factor:
    return Factor("repeated", REPEATED_POINTS if facts.repeated else 0,
                  "more than one breach" if facts.repeated else "a single breach")


def _distress(facts: ScoringFacts) -> Factor:
    level = facts.distress_level
    return Factor("distress", DISTRESS_POINTS[level], f"distress: {level}")


def _effects(facts: ScoringFacts) -> Factor:
    counted = [code for code in dict.fromkeys(facts.effects) if code not in SEPARATELY_SCORED_EFFECTS]
    points = min(EFFECTS_MAX, EFFECT_POINTS * len(counted))
    reason = ", ".join(code.replace("_", " ") for code in counted) or "none reported"
    return Factor("effects", points, reason)


def _medical(facts: ScoringFacts) -> Factor:
    evidence = facts.medical_evidence
    reasons = {"none": "no medical evidence", "gp": "seen by a GP",
               "psychiatric_diagnosis": "a psychiatric diagnosis"}
    return Factor("medical", MEDICAL_POINTS[evidence], reasons[evidence])


def _duration(facts: ScoringFacts) -> Factor:
    ongoing = facts.effects_ongoing
    return Factor("duration", ONGOING_POINTS if ongoing else 0,
                  "the effects are ongoing" if ongoing else "not said to be ongoing")


def _vulnerability(facts: ScoringFacts) -> Factor:
    parts = [(CHILDREN_POINTS, "children involved")] if facts.children_involved else []
    parts += [(FEAR_POINTS, "fear for safety")] if facts.fear_for_safety else []
    return Factor("vulnerability", sum(points for points, _ in parts),
                  "; ".join(reason for _, reason in parts) or "none described")


def _relocation(facts: ScoringFacts) -> Factor:
    moved = facts.had_to_move
    return Factor("relocation", MOVED_POINTS if moved else 0, "had to move home" if moved else "did not move")


def _handling(facts: ScoringFacts) -> Factor:
    reply = facts.organisation_reply
    points = REPLY_POINTS.get(reply, 0) + (DELAY_POINTS if facts.defendant_delayed else 0)
    reasons = [f"reply: {reply.replace('_', ' ')}"] if reply else []
    reasons += ["the organisation delayed"] if facts.defendant_delayed else []
    return Factor("handling", min(HANDLING_MAX, points), "; ".join(reasons) or "nothing recorded")


def score_frame(frame: pd.DataFrame) -> pd.Series:
    """Scores for a frame of normalised claims (the columns of ``ScoringFacts``, plus ``tier``
    and ``effects_count``), computed column-wise with the same tables as ``score_claim``."""
    relationship = frame["recipient_relationship"].map(RELATIONSHIP_POINTS)
    known = np.where(frame["recipient_known_to_claimant"], KNOWN_POINTS[True], KNOWN_POINTS[False])
    reply = frame["organisation_reply"].map(REPLY_POINTS).fillna(0).to_numpy(dtype=np.int64)
    points = (
        np.asarray(TIER_POINTS)[frame["tier"].to_numpy(dtype=np.int64)]
        + np.where(relationship.notna(), relationship.fillna(0), known).astype(np.int64)
        + frame["recipients_scope"].map(SCOPE_POINTS).to_numpy(dtype=np.int64)
        + np.where(frame["repeated"], REPEATED_POINTS, 0)
        + frame["distress_level"].map(DISTRESS_POINTS).to_numpy(dtype=np.int64)
        + np.minimum(EFFECTS_MAX, EFFECT_POINTS * frame["effects_count"].to_numpy(dtype=np.int64))
        + frame["medical_evidence"].map(MEDICAL_POINTS).to_numpy(dtype=np.int64)
        + np.where(frame["effects_ongoing"], ONGOING_POINTS, 0)
        + np.where(frame["children_involved"], CHILDREN_POINTS, 0)
        + np.where(frame["fear_for_safety"], FEAR_POINTS, 0)
        + np.where(frame["had_to_move"], MOVED_POINTS, 0)
        + np.minimum(HANDLING_MAX, reply + np.where(frame["defendant_delayed"], DELAY_POINTS, 0))
    )
    return pd.Series(points, index=frame.index, name="score", dtype=np.int64)
