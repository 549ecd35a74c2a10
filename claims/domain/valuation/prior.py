"""The score-driven prior: what the distress score alone says general damages are worth.

This module owns the judicial and settlement anchors (each with its case report) and
the curve fitted to them. Each anchor is a decided case or reported settlement written as
a claim in the valuation's input schema, with its award and source. Calibration scores
each anchor with ``scoring.score_claim``, brings its award to today's money (Simmons v
Castle, CPI), and fits log(value) = a + b × score by least squares to the court awards:
each extra point of score multiplies the value by exp(b). The reported settlements with
relocation (Hackney £106,000, Enable Law £200,000+) sit far above any court award; fitted
into the line they would lift every claim's prior, so they set the curve's ceiling instead
and reach relocation claims as comparables. The slope is never negative (more harm never
lowers the prior) and the curve is held between ``FLOOR_PENCE`` and the largest anchor.

Facts an anchor's sources do not state are set to the most cautious reading and the
assumption is written in ``note``. The backtest refits the curve without the anchor of
the case it holds out, so no held-out award shapes its own prediction.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from claims.domain.scoring import score_claim

from .inflation import adjust_awards
from .inputs import parse_claim

FLOOR_PENCE = 100_00  # no prior below £100: below that a claim is not worth valuing


@dataclass(frozen=True)
class Anchor:
    """A decided case or settlement that calibrates the prior, as a claim with its award."""

    case_name: str  # as in the precedent table, so the backtest can hold it out
    facts: dict
    award_pence: int  # general damages (a range's geometric midpoint)
    year: int | None
    decided_on: date | None
    source: str
    note: str
    settlement: bool = False  # True: sets the prior's ceiling, not its slope


def _facts(breach_type: str, categories: list[str], scope: str, distress: str, **extra) -> dict:
    base = {"breach_type": breach_type, "data_categories": categories, "special_category": False,
            "children_involved": False, "recipients_scope": scope, "recipient_known_to_claimant": False,
            "distress_level": distress, "medical_evidence": "none", "financial_loss_gbp": 0,
            "breach_date": "2000-01-01"}
    return {**base, **extra}


ANCHORS = (
    Anchor("Halliday v Creation Consumer Finance Ltd",
           _facts("inaccurate_data", ["financial"], "many_recipients", "minimal"), 750_00, 2013, None,
           "[2013] EWCA Civ 333; https://www.bailii.org/ew/cases/EWCA/Civ/2013/333.html",
           "Wrong credit data shown via a credit reference agency; distress no more than frustration."),
    Anchor("Bekoe v Mayor and Burgesses of the London Borough of Islington",
           _facts("unauthorised_disclosure", ["financial"], "few_recipients", "moderate",
                  organisation_reply="denied", defendant_delayed=True), 6_000_00, 2023, None,
           "[2023] EWHC 1668 (KB); https://caselaw.nationalarchives.gov.uk/ewhc/kb/2023/1668",
           "Financial snapshot shared internally; subject access failures. Distress level not stated: "
           "taken as moderate (one global award for loss of control, distress and aggravation)."),
    Anchor("TLT & Ors v Secretary of State for the Home Department",
           _facts("publication_online", ["immigration", "contact_details", "date_of_birth"], "public",
                  "significant", children_involved=True, fear_for_safety=True), 5_590_17, 2016, None,
           "[2016] EWHC 2217 (QB); https://caselaw.nationalarchives.gov.uk/ewhc/qb/2016/2217",
           "Asylum families' details published online; awards £2,500–£12,500 (six claimants: £12,500 ×2, £6,000, "
           "£3,000 ×2, £2,500): the geometric midpoint "
           "is used. Fear for safety taken from the facts (downloads from the country fled)."),
    Anchor("Aven & Ors v Orbis Business Intelligence Ltd",
           _facts("inaccurate_data", ["criminal_allegations"], "few_recipients", "moderate",
                  special_category=True), 18_000_00, 2020, None,
           "[2020] EWHC 1812 (QB); "
           "https://www.matrixlaw.co.uk/judgments/high-court-awards-remedies-in-data-protection-act-claim/",
           "Inaccurate allegation of criminality shared with a few recipients."),
    Anchor("Grinyer v Plymouth Hospitals NHS Trust",
           _facts("employee_misuse", ["mental_health"], "few_recipients", "severe", special_category=True,
                  recipient_relationship="ex_partner", medical_evidence="psychiatric_diagnosis",
                  effects_ongoing=True), 12_500_00, 2011, date(2011, 10, 28),
           "Plymouth County Court, 28 Oct 2011 (unreported); https://www.rpc.co.uk/perspectives/data-and-privacy/"
           "damages-for-unauthorised-access-to-medical-records",
           "Mental health records read by a nurse ex-partner; 4.5-year exacerbation of a disorder (expert evidence)."),
    Anchor("Mr and Mrs X v London Borough of Hackney (adoption data breach settlement)",
           _facts("misdirected_communication", ["social_care", "contact_details"], "single_recipient", "severe",
                  children_involved=True, recipient_relationship="family", fear_for_safety=True,
                  had_to_move=True, effects_ongoing=True), 67_000_00, None, None,
           "https://www.hackneygazette.co.uk/news/adoptive-family-forced-to-move-house-and-change-names-after-3633692",
           "Settlement £106,000 less the £39,000 house move = £67,000 (it included £25,000 stated for distress). "
           "Adopters' details sent to the birth family; the family moved and changed names. Year not stated.",
           settlement=True),
    Anchor("'John and Sarah' v unnamed Local Authority (adoption data breach, Enable Law)",
           _facts("misdirected_communication", ["social_care", "health", "contact_details"], "single_recipient",
                  "severe", children_involved=True, recipient_relationship="family", fear_for_safety=True,
                  had_to_move=True, effects_ongoing=True), 200_000_00, None, None,
           "https://www.enablelaw.com/news-and-insights/"
           "local-authoritys-negligence-led-to-a-major-adoption-data-breach/",
           "Settlement of 'more than £200,000' (a lower bound, relocation costs not split out). Year not stated.",
           settlement=True),
)


@dataclass(frozen=True)
class PriorCurve:
    """log(value in pounds) = intercept + slope × score, held between floor and ceiling."""

    intercept: float
    slope: float
    floor: float
    ceiling: float
    residual_sd: float
    anchors: tuple[dict, ...]  # each anchor's score, value today and source, for the report

    def log_mid(self, scores) -> np.ndarray:
        """The prior's log value (pounds) for each score."""
        raw = self.intercept + self.slope * np.asarray(scores, dtype=float)
        return np.clip(raw, self.floor, self.ceiling)


def calibrate(anchors: tuple[Anchor, ...], *, cpi: pd.DataFrame, as_of: date) -> PriorCurve:
    """Fit the prior curve to the anchors, in today's money (see the module docstring)."""
    if not anchors:
        raise ValueError("The prior needs at least one anchor")
    scores = np.asarray([score_claim(parse_claim(a.facts, as_of=as_of)).total for a in anchors], dtype=float)
    adjusted = adjust_awards(
        np.asarray([a.award_pence for a in anchors], dtype=np.int64),
        pd.Series([a.year for a in anchors], dtype="Int64"),
        pd.Series(pd.to_datetime([a.decided_on for a in anchors])), cpi=cpi, as_of=as_of)
    values = np.log(adjusted.pence / 100)
    awards = np.asarray([not a.settlement for a in anchors]) if any(not a.settlement for a in anchors) \
        else np.ones(len(anchors), dtype=bool)
    slope = _slope(scores[awards], values[awards])
    intercept = float(values[awards].mean() - slope * scores[awards].mean())
    residuals = values[awards] - (intercept + slope * scores[awards])
    described = tuple({"case_name": a.case_name, "kind": "settlement" if a.settlement else "court award",
                       "score": int(s), "value_today_gbp": int(p // 100), "adjustment": note,
                       "source": a.source, "note": a.note}
                      for a, s, p, note in zip(anchors, scores, adjusted.pence, adjusted.notes))
    return PriorCurve(intercept, slope, math.log(FLOOR_PENCE / 100), float(values.max()),
                      float(np.sqrt(np.mean(residuals ** 2))), described)


def _slope(scores: np.ndarray, values: np.ndarray) -> float:
    """Least-squares slope, 0 when the scores do not vary or the fit slopes down."""
    spread = float(((scores - scores.mean()) ** 2).sum())
    if spread == 0:
        return 0.0
    return max(0.0, float(((scores - scores.mean()) * (values - values.mean())).sum() / spread))
