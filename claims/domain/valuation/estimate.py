"""One claim's valuation: the stable interface used by the CLI, the web app and bulk jobs.

``estimate(claim, precedents, cpi, as_of=...)`` takes the claim as a JSON-like dict
(schema in ``inputs``), the precedent frame (raw, clean from ``load_precedent_frame``, or a
``PreparedPool`` to reuse across many calls) and the CPI frame, and returns a dict of
primitives: general damages low/mid/high, special damages itemised and split into
evidenced and claimed only, totals, the distress score and its factors, risk flags,
comparables with their similarity and reasons, context cases, a confidence indicator,
the model version, the sources of every adjustment, and the disclaimer. Amounts are GBP
numbers: general damages in whole pounds (rounded, see ``band.round_pounds``), special
damages to the penny. The low total adds only evidenced losses; mid and high add all.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from claims.domain.scoring import score_claim
from claims.domain.vocab import LOSS_HEADS

from .band import band_for_claim, round_pounds
from .explain import comparables, confidence, context_cases
from .features import cell_similarity, encode_claim
from .inflation import SIMMONS_SOURCE
from .inputs import ClaimFacts, parse_claim
from .pool import DEFAULT_SETTINGS, PreparedPool, Settings, prepare_pool
from .risks import risk_flags

MODEL_VERSION = "2026.11-1"
DISCLAIMER = (
    "An estimate for a solicitor's review, not legal advice: a range with its reasons, drawn from "
    "published decisions, reported settlements and the firm's own outcomes, to be checked and approved "
    "by a partner before anyone relies on it or gives the claimant a figure."
)


def estimate(claim: Mapping, precedents, cpi=None, *, as_of: date,
             settings: Settings = DEFAULT_SETTINGS) -> dict:
    """Value one claim (raises ValuationInputError naming the key for bad input)."""
    facts = parse_claim(claim, as_of=as_of)
    return value_facts(facts, ready_pool(precedents, cpi, as_of=as_of, settings=settings))


def ready_pool(precedents, cpi, *, as_of: date, settings: Settings = DEFAULT_SETTINGS) -> PreparedPool:
    """A prepared pool as given (checking its date), or one prepared from the frames."""
    if isinstance(precedents, PreparedPool):
        if precedents.as_of != as_of:
            raise ValueError(f"The pool was prepared for {precedents.as_of}, not {as_of}")
        return precedents
    if cpi is None:
        raise ValueError("A CPI table is needed to bring older awards to today's money")
    return prepare_pool(precedents, cpi, as_of=as_of, settings=settings)


def value_facts(facts: ClaimFacts, pool: PreparedPool) -> dict:
    """The valuation of checked facts against a prepared pool."""
    score = score_claim(facts)
    breach, cell = encode_claim(facts)
    band = band_for_claim(pool, breach, cell, score.total)
    low, mid, high = (int(v) for v in round_pounds([band["log_low"], band["log_mid"], band["log_high"]]))
    special = special_damages(facts)
    evidenced = special.pop("evidenced_pence")
    totals = {"low": low * 100 + evidenced, "mid": mid * 100 + facts.financial_loss_pence,
              "high": high * 100 + facts.financial_loss_pence}
    flags = risk_flags(facts, score=score.total, total_mid_pence=totals["mid"],
                       claimed_only_pence=facts.financial_loss_pence - evidenced, as_of=pool.as_of)
    return {
        "model_version": MODEL_VERSION, "as_of": pool.as_of.isoformat(), "reference": facts.reference,
        "general_damages": {"low": low, "mid": mid, "high": high}, "special_damages": special,
        "total": {key: gbp(pence) for key, pence in totals.items()},
        "score": score.total, "factors": [factor.as_dict() for factor in score.factors],
        "flags": [{"code": f.code, "severity": f.severity, "message": f.message} for f in flags],
        "comparables": comparables(pool, breach, cell, cell_similarity(pool.codes, breach, cell)),
        "context_cases": context_cases(pool, breach, cell, [f.code for f in flags]),
        "confidence": confidence(float(band["total"]), float(band["square_total"]), float(band["best"]),
                                 float(band["share"])),
        "method": _method(pool, band),
        "disclaimer": DISCLAIMER,
    }


def special_damages(facts: ClaimFacts) -> dict:
    """Itemised financial loss, split into evidenced and claimed only."""
    evidenced = sum(item.pence for item in facts.losses if item.evidenced)
    heads = [{"head": item.head, "label": LOSS_HEADS.get(item.head, "Not itemised"),
              "amount": gbp(item.pence), "evidenced": item.evidenced} for item in facts.losses]
    return {"total": gbp(facts.financial_loss_pence), "evidenced": gbp(evidenced),
            "claimed_only": gbp(facts.financial_loss_pence - evidenced), "heads": heads,
            "evidenced_pence": evidenced}


def gbp(pence: int) -> int | float:
    """Pence as a GBP number: whole pounds as an int, else pounds and pence."""
    return pence // 100 if pence % 100 == 0 else pence / 100


def _method(pool: PreparedPool, band: dict) -> dict:
    """How the band was reached, and the source of every adjustment."""
    has_comparables = band["total"] > 0
    return {
        "prior_mid": int(round_pounds([band["prior"]])[0]),
        "comparables_mid": int(round_pounds([band["mean"]])[0]) if has_comparables else None,
        "comparables_share": round(float(band["share"]), 3),
        "raised_to_match_less_serious_facts": bool(band["raised"]),
        "prior": {"value_per_10_points": round(math.exp(10 * pool.prior.slope), 2),
                  "anchors": list(pool.prior.anchors)},
        "cpi": {"to_year": pool.cpi_year, "source": pool.cpi_source},
        "simmons_v_castle": SIMMONS_SOURCE,
        "precedents": {"valued": len(pool.rows), "firm": int((pool.rows["origin"] == "firm").sum()),
                       "context": len(pool.context)},
    }
