"""A claim's valuation report: one plain dict of primitives, shown as a web page and rendered as Word.

``report_context(claim, snapshot, today=)`` is the only place that reads the database objects:
it turns the claim and its snapshot (the stored estimate and the partner's review) into
strings, numbers, lists and dicts. The limitation flags are not the snapshot's: they are
worked out again from the claim's limitation dates as at ``today``, the day the report is read
(``screening.limitation_flags``, as on the claim page), so an old valuation never shows a
stale "out of time" or misses a "limitation soon". The web page and ``render_docx`` both take that dict,
so the page and the document always say the same; the renderer never sees the database.
Claim amounts are shown in pounds and pence; precedent awards, recorded in whole pounds,
without the pence.
"""
from __future__ import annotations

import re
from datetime import date

from claims import word
from claims.config import PROJECT_ROOT
from claims.claim.limitation import dates_for
from claims.clock import uk_today
from claims.domain import vocab
from claims.domain.screening import SEVERITIES, limitation_flags
from claims.domain.money import format_pence
from claims.domain.status import STATUSES
from claims.models import Claim, ValuationSnapshot
from claims.valuation import chart
from claims.valuation.review import REVIEW_LABELS
from claims.web import uk_date, uk_datetime
from claims.domain.money import pence_from_pounds

TEMPLATE = PROJECT_ROOT / "letters" / "valuation-report.docx"
CONFIDENCE_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
LIMITATION_CODES = frozenset({"out_of_time", "partly_out_of_time", "limitation_soon"})


def report_context(claim: Claim, snapshot: ValuationSnapshot, *, today: date | None = None) -> dict:
    """Everything the report shows, as primitives; limitation flags as at ``today`` (default today in the UK)."""
    today = today or uk_today()
    from claims.valuation.service import explained_output  # the service imports this module's neighbours

    output = explained_output(snapshot)
    comparables = [_comparable(number, c) for number, c in enumerate(output.get("comparables", []), start=1)]
    general = output["general_damages"]
    return {
        "claim": {
            "id": claim.id, "reference": claim.reference or f"Claim {claim.id}",
            "claimant_name": claim.claimant.full_name, "defendant_name": claim.defendant_name,
            "breach_type": vocab.BREACH_TYPES.label(claim.breach_type), "breach_on": uk_date(claim.breach_on),
            "status": STATUSES.label(claim.status),
        },
        **snapshot_summary(snapshot),
        "factors": [{"label": f["label"], "contribution": f["contribution"], "maximum": f["maximum"],
                     "reason": f["reason"]} for f in output.get("factors", [])],
        "flags": _flags(output.get("flags", []), claim, today),
        "limitation_as_at": uk_date(today),
        "comparables": comparables,
        "context_cases": [_context_case(c) for c in output.get("context_cases", [])],
        "method": _method(output.get("method", {})),
        "chart": chart.layout(general["low"], general["mid"], general["high"],
                              [{"number": c["number"], "case_name": c["case_name"], "award": c["award_pounds"],
                                "similarity": c["similarity"]} for c in comparables]),
    }


def _flags(stored: list[dict], claim: Claim, today: date) -> list[dict]:
    """The valuation's own flags, with the limitation ones worked out as at ``today``, most serious first."""
    dates = [(item.cause, item.expires_on) for item in dates_for(claim)]
    return [{**f, "name": f["code"].replace("_", " ")}
            for f in with_current_limitation(stored, limitation_flags(dates, today=today))]


def with_current_limitation(stored: list[dict] | None, current) -> list[dict]:
    """A snapshot's stored flags with its limitation flags replaced by ``current`` (screening's flags as at the
    day shown; any others among them are ignored), most serious first, as {code, severity, message}."""
    flags = [f for f in stored or [] if f["code"] not in LIMITATION_CODES] + [
        {"code": f.code, "severity": f.severity, "message": f.message} for f in current if f.code in LIMITATION_CODES]
    return sorted(flags, key=lambda f: SEVERITIES.index(f["severity"]))


def snapshot_summary(snapshot: ValuationSnapshot) -> dict:
    """The figures, review and disclaimer of one valuation (the claim page shows just these)."""
    return {"valuation": _valuation(snapshot, snapshot.output), "review": _review(snapshot),
            "disclaimer": snapshot.output.get("disclaimer", "")}


def _valuation(snapshot: ValuationSnapshot, output: dict) -> dict:
    general, special = output["general_damages"], output.get("special_damages", {})
    confidence = output.get("confidence", {})
    return {
        "snapshot_id": snapshot.id, "valued_at": uk_datetime(snapshot.created_at),
        "valued_by": snapshot.created_by.full_name if snapshot.created_by else "A bulk revaluation",
        "as_of": _iso_to_uk(output.get("as_of")), "model_version": snapshot.model_version,
        "precedent_version": _version_text(snapshot.precedent_set_version, "precedent table"),
        "inflation_version": _version_text(snapshot.inflation_set_version, "inflation index"),
        "low": format_pence(snapshot.low_pence), "mid": format_pence(snapshot.mid_pence),
        "high": format_pence(snapshot.high_pence),
        "general": {key: format_pence(general[key] * 100) for key in ("low", "mid", "high")},
        "special": {
            "total": format_pence(pence_from_pounds(special.get("total", 0))),
            "evidenced": format_pence(pence_from_pounds(special.get("evidenced", 0))),
            "claimed_only": format_pence(pence_from_pounds(special.get("claimed_only", 0))),
            "heads": [{"label": h["label"], "amount": format_pence(pence_from_pounds(h["amount"])),
                       "evidenced": "Evidenced" if h["evidenced"] else "Claimed, not evidenced"}
                      for h in special.get("heads", [])],
        },
        "score": snapshot.score,
        "confidence": CONFIDENCE_LABELS.get(snapshot.confidence, snapshot.confidence),
        "confidence_level": snapshot.confidence,
        "confidence_explanation": confidence.get("explanation", ""),
    }


def _review(snapshot: ValuationSnapshot) -> dict:
    low, mid, high = snapshot.agreed_pence
    adjusted = snapshot.review_status == "adjusted"
    return {
        "status": snapshot.review_status, "status_label": REVIEW_LABELS.get(snapshot.review_status, ""),
        "decided": snapshot.reviewed_at is not None,
        "by": snapshot.reviewed_by.full_name if snapshot.reviewed_by else "",
        "at": uk_datetime(snapshot.reviewed_at), "adjusted": adjusted,
        "agreed": {"low": format_pence(low), "mid": format_pence(mid), "high": format_pence(high)},
        "reason": snapshot.review_reason or "",
    }


def _comparable(number: int, c: dict) -> dict:
    return {
        "number": number, "case_name": c["case_name"], "citation": c.get("citation") or "",
        "year": c.get("year") or "", "origin": c.get("origin_label", ""), "outcome": (c.get("outcome") or "").replace("_", " "),
        "award_pounds": int(c["award"]), "award": chart.pounds_label(c["award"]),
        "as_recorded": _as_recorded(c.get("award_as_recorded") or {}), "point_basis": c.get("point_basis") or "",
        "adjustment": c.get("adjustment") or "", "similarity": c["similarity"],
        "similarity_percent": f"{round(c['similarity'] * 100)}%", "weight_percent": f"{round(c.get('weight_share', 0) * 100)}%",
        "why": c.get("why") or "", "differences": "; ".join(c.get("differences", [])),
        "not_recorded": ", ".join(c.get("not_recorded", [])),
        "verified": {True: "Verified", False: "Not verified"}.get(c.get("verified"), "Not checked"),
        "source": c.get("source") or "", "sources": source_parts(c.get("source") or ""),
    }


def _as_recorded(recorded: dict) -> str:
    """An award as the source gives it: one figure, a range, or a bound."""
    award, low, high = (recorded.get(key) for key in ("award", "award_low", "award_high"))
    bounds = f"{_money(low)} to {_money(high)}" if low is not None and high is not None else (
        f"{_money(low)} or more" if low is not None else f"up to {_money(high)}" if high is not None else "")
    if award is None:
        return bounds or "None given"
    return _money(award) if not bounds or low == high == award else f"{_money(award)} (range {bounds})"


def _money(pounds) -> str:
    """A precedent's figure: whole pounds without pence (£1,250), otherwise with (£3.49)."""
    amount = pence_from_pounds(pounds)
    return chart.pounds_label(amount // 100) if amount % 100 == 0 else format_pence(amount)


def _context_case(c: dict) -> dict:
    return {
        "case_name": c["case_name"], "citation": c.get("citation") or "", "year": c.get("year") or "",
        "outcome": c.get("outcome_label") or "", "why_not_valued": c.get("why_not_valued") or "",
        "shown_because": c.get("shown_because") or "", "summary": c.get("summary") or "",
        "source": c.get("source") or "", "sources": source_parts(c.get("source") or ""),
    }


def _method(method: dict) -> dict:
    precedents = method.get("precedents", {})
    prior = method.get("prior", {})
    comparables_mid = method.get("comparables_mid")
    return {
        "prior_mid": chart.pounds_label(method.get("prior_mid", 0)),
        "comparables_mid": chart.pounds_label(comparables_mid) if comparables_mid is not None else "",
        "comparables_share": f"{round(method.get('comparables_share', 0) * 100)}%",
        "raised": bool(method.get("raised_to_match_less_serious_facts")),
        "value_per_10_points": str(prior.get("value_per_10_points", "")),
        "anchors": [{"case_name": a["case_name"], "kind": a.get("kind", ""), "score": a.get("score", ""),
                     "value_today": chart.pounds_label(a.get("value_today_gbp", 0)),
                     "adjustment": a.get("adjustment", ""), "source": a.get("source", ""), "note": a.get("note", "")}
                    for a in prior.get("anchors", [])],
        "cpi_year": method.get("cpi", {}).get("to_year", ""), "cpi_source": method.get("cpi", {}).get("source", ""),
        "simmons_source": method.get("simmons_v_castle", ""),
        "recomputed": method.get("recomputed", ""),
        "precedents_valued": precedents.get("valued", 0), "precedents_firm": precedents.get("firm", 0),
        "precedents_context": precedents.get("context", 0),
    }



def source_parts(text: str) -> list[dict]:
    """A source field split at semicolons: web addresses (http or https only) as links, the rest as text."""
    parts = [part.strip() for part in text.split(";") if part.strip()]
    return [{"text": part, "url": part if re.match(r"https?://\S+$", part) else None,
             "site": part.split("/")[2].removeprefix("www.") if re.match(r"https?://[^/\s]+", part) else None}
            for part in parts]


def _version_text(version: int | None, name: str) -> str:
    return f"{name} version {version}" if version is not None else f"{name} as shipped with the app"


def _iso_to_uk(text: str | None) -> str:
    return f"{text[8:10]}/{text[5:7]}/{text[:4]}" if text and len(text) == 10 else ""


# -- the Word report ---------------------------------------------------------------------------------


def render_docx(context: dict, template=TEMPLATE) -> bytes:
    """The report as .docx bytes: the template filled from ``context``, autoescaped, with the chart as a PNG."""
    return word.render(str(template), context, strict=False, images={"chart_image": (chart.png(context["chart"]), 165)})
