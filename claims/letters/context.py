"""The plain dict a letter is filled from, made from one claim.

``letter_context`` is the only place letters read database objects: it turns the claim, its
claimant, the firm's settings, the latest valuation and the CFA's terms into strings, bools,
lists and dicts with the same keys as ``claims.letters.sample`` (tests/letters/test_context.py
holds the two together). Money is formatted with pence; dates are written out ("3 March 2026").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from claims.domain import vocab
from claims.domain.deadlines import DeemedReceipt, deemed_receipt, format_long_date, response_due_on, sar_due_on
from claims.domain.fees import EXAMPLE_AWARDS_PENCE, FeeTerms, Illustration, illustrate, success_fee_from_prospects
from claims.domain.letters import CANCELLATION_DAYS, LETTER_KINDS
from claims.claim.facts import facts_of
from claims.claim.limitation import dates_for
from claims.domain import jurisdiction, letter_of_claim, limitation
from claims.domain.money import format_pence
from claims.domain.names import in_sentence
from claims.domain.tracks import Track, costs_in_plain_words, keep_table_basis, keep_table_note, likely_track
from claims.domain.vocab import SPECIAL_CATEGORIES
from claims.firm import address_lines, firm_context
from claims.models import Agreement, Claim, FirmSettings
from claims.valuation.review import latest_snapshot
from claims.web import uk_datetime

DISCLAIMER = ("Any figure in this letter is an estimate of a range, not a promise or legal advice on what a "
              "court would award.")
DEFAULT_PROSPECTS = 60
# The completion statement's keys, blank, for every other letter (claims.outcomes.statement fills them).
NO_SETTLEMENT = {key: "" for key in (
    "agreed_on", "paid_on", "general", "special", "damages", "costs", "track", "base_costs", "base_costs_estimate",
    "success_fee", "vat", "ate_premium", "before_cap", "cap", "waived", "deducted", "net")} | {
    "costs_recovered": False, "base_costs_charged": False, "capped": False, "success_fee_percent": 0,
    "vat_percent": 0, "cap_percent": 0}  # a starting point the solicitor changes when accepting


@dataclass(frozen=True)
class Signature:
    """What the claimant did to sign, printed in the signature block of the signed copy."""

    name: str
    signed_at: datetime
    ip_address: str
    user_agent: str
    document_sha256: str
    cancellation_ends_on: date


def letter_context(claim: Claim, kind: str, *, firm: FirmSettings, today: date, version: int = 1,
                   agreement: Agreement | None = None, terms: FeeTerms | None = None, prospects: int | None = None,
                   success_fee_reason: str | None = None, decline_reason: str = "",
                   signature: Signature | None = None, delivery: DeemedReceipt | None = None,
                   settlement: dict | None = None) -> dict:
    """Everything any letter shows about ``claim``, as primitives.

    ``delivery``: how a letter to the defendant is sent (first class post on ``today`` if not given); its
    deadlines run from the day it is taken as received (worked out by analogy with CPR 6.26).
    ``settlement``: the completion statement's figures as strings (``claims.outcomes.statement``); blank otherwise.
    """
    delivery = delivery or deemed_receipt("first_class_post", today)
    claimant, friend = claim.claimant, claim.litigation_friend
    client = friend or claimant
    snapshot = latest_snapshot(claim.id)
    low, mid, high = snapshot.agreed_pence if snapshot else (0, 0, 0)
    if agreement is not None and terms is None:
        terms = agreement_terms(agreement)
        prospects, success_fee_reason = agreement.prospects_percent, agreement.success_fee_reason
    if terms is None:
        terms = default_terms(firm, success_fee_from_prospects(DEFAULT_PROSPECTS))
        prospects = DEFAULT_PROSPECTS
    return {
        "firm": firm_context(firm),
        "today": format_long_date(today),
        "document": {"kind": kind, "title": LETTER_KINDS.label(kind), "version": version},
        "claim": _claim(claim),
        "claimant": {
            "name": claimant.full_name, "first_name": claimant.first_name,
            "date_of_birth": format_long_date(claimant.date_of_birth) if claimant.date_of_birth else "",
            "address_lines": _person_address(claimant), "email": claimant.email or "",
            "is_child": friend is not None,
        },
        "litigation_friend": ({"name": friend.full_name,
                               "relationship": vocab.CHILD_RELATIONSHIPS.label(friend.relationship_to_claimant)}
                              if friend else None),
        "client": {"name": client.full_name, "salutation": f"Dear {client.full_name}",
                   "address_lines": _person_address(client), "email": client.email or ""},
        "defendant": _defendant(claim),
        "limitation": _limitation(claim, today),
        "valuation": {"available": snapshot is not None,
                      "approved": snapshot is not None and snapshot.review_status in ("approved", "adjusted"),
                      "low": format_pence(low), "mid": format_pence(mid), "high": format_pence(high)},
        "fees": _fees(terms, prospects, success_fee_reason, _approved_range(snapshot)),
        "sending": {"method": delivery.method_label, "by_email": delivery.method == "email",
                    "sent_on": format_long_date(delivery.sent_on),
                    "received_on": format_long_date(delivery.received_on), "explanation": delivery.explanation},
        "response": {"days": 14, "due_on": format_long_date(response_due_on(delivery.received_on))},
        "sar": {"due_on": format_long_date(sar_due_on(delivery.received_on))},
        "decline": {"reason": decline_reason},
        "signature": signature_context(signature),
        "settlement": settlement or NO_SETTLEMENT,
        "disclaimer": DISCLAIMER,
    }


def _approved_range(snapshot) -> tuple[int, int, int] | None:
    """The low, mid and high the client may be shown: only from a valuation a partner has reviewed."""
    if snapshot is None or snapshot.review_status not in ("approved", "adjusted"):
        return None
    return snapshot.agreed_pence


def agreement_terms(agreement: Agreement) -> FeeTerms:
    return FeeTerms(base_costs_pence=agreement.base_costs_pence, success_fee_percent=agreement.success_fee_percent,
                    cap_percent=agreement.cap_percent, ate_premium_pence=agreement.ate_premium_pence,
                    ate_recoverable=agreement.ate_recoverable, vat_percent=agreement.vat_percent)


def default_terms(firm: FirmSettings, success_fee_percent: int, *, ate_recoverable: bool = False) -> FeeTerms:
    return FeeTerms(base_costs_pence=firm.base_costs_pence, success_fee_percent=success_fee_percent,
                    cap_percent=firm.cap_percent, ate_premium_pence=firm.ate_premium_pence,
                    ate_recoverable=ate_recoverable, vat_percent=firm.vat_percent)


def _limitation(claim: Claim, today: date) -> dict:
    """The limitation dates as at the letter's date, from the claim's facts (``claims.claim.limitation``): those
    still to come, those passed, those not yet running, and any urgent warning."""
    dates = {item.cause: item for item in dates_for(claim)}
    deadlines = limitation.for_client([(item.cause, item.expires_on) for item in dates.values() if item.running],
                                      today=today)
    return {
        "earliest": format_long_date(deadlines.earliest) if deadlines.earliest else "",
        "dates": [{"cause": _capitalised(limitation.client_name(cause)), "expires_on": format_long_date(expires_on),
                   "time_left": limitation.time_left(expires_on, today),
                   "basis": limitation.in_plain_words(dates[cause])}
                  for cause, expires_on in deadlines.upcoming],
        "passed": [{"cause": _capitalised(limitation.client_name(cause)), "ended_on": format_long_date(ended_on),
                    "explanation": _passed(dates[cause], today)}
                   for cause, ended_on in deadlines.passed],
        "not_running": [{"cause": _capitalised(limitation.client_name(item.cause)),
                         "basis": limitation.in_plain_words(item)}
                        for item in dates.values() if not item.running],
        "urgent": limitation.urgent_warning(deadlines),
    }


def _passed(item: limitation.LimitationDate, today: date) -> str:
    """Why a passed time limit is likely, not certainly, too late; for a personal injury claim, the longer limit
    a claim without the injury still has."""
    longer = item.alternative.expires_on if item.personal_injury and item.alternative is not None else None
    return limitation.passed_in_plain_words(item.cause, item.expires_on, personal_injury=item.personal_injury,
                                            without_injury_until=longer if longer and longer >= today else None)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _claim(claim: Claim) -> dict:
    """The claim as letters show it. The client's own answers (account, distress, effects, medical help) are
    left out on purpose: the letter of claim states only the solicitor-confirmed ``facts``, and no letter
    carries the client's health answers."""
    categories, facts = claim.category_codes, facts_of(claim)
    causes = sorted({item.cause for item in dates_for(claim)}, key=list(vocab.CAUSES_OF_ACTION).index)
    return {
        "reference": claim.reference or f"Claim {claim.id}",
        "breach_type": vocab.BREACH_TYPES.label(claim.breach_type),
        "breach_on": format_long_date(claim.breach_on), "discovered_on": format_long_date(claim.discovered_on),
        "data_categories": [vocab.DATA_CATEGORIES.label(code) for code in categories
                            if code not in SPECIAL_CATEGORIES],
        "special_categories": [vocab.DATA_CATEGORIES.label(code) for code in categories if code in SPECIAL_CATEGORIES],
        "facts": letter_of_claim.paragraphs(claim.facts_summary) if claim.facts_confirmed_at else [],
        "children_involved": facts.children_involved,
        "children_statement": letter_of_claim.children_statement(
            child_now=claim.litigation_friend_id is not None, child_at_breach=facts.child_at_breach),
        "forum": claim_forum(claim).paragraph,
        "complained_to_ico": claim.complained_to_ico,
        "losses": [{"head": vocab.LOSS_HEADS.label(loss.head), "amount": format_pence(loss.amount_pence),
                    "description": loss.description or "", "evidenced": loss.evidenced} for loss in claim.losses],
        "losses_total": format_pence(claim.total_loss_pence),
        "causes_of_action": [vocab.CAUSES_OF_ACTION.label(code) for code in causes],
        "public_authority": facts.public_authority,
    }


def claim_forum(claim: Claim) -> jurisdiction.Forum:
    """The letter of claim's forum paragraph from where the claimant and defendant are, or what blocks it."""
    claimant = jurisdiction.postcode_jurisdiction(claim.claimant.postcode)
    address = (claim.defendant.address or "").strip() if claim.defendant else ""
    defendant = jurisdiction.postcode_jurisdiction(jurisdiction.last_postcode(address)) if address else None
    return jurisdiction.forum(claimant, defendant, confirmed=claim.forum_confirmed_at is not None)


def facts_draft(claim: Claim) -> str:
    """The third-person draft of the facts the solicitor starts from."""
    return letter_of_claim.draft_facts(
        breach_type=claim.breach_type, breach_on=claim.breach_on, discovered_on=claim.discovered_on,
        recipients_scope=claim.recipients_scope, recipient_relationship=claim.recipient_relationship,
        distress_level=claim.distress_level, effects=claim.effect_codes, medical_help=claim.medical_help,
        diagnosis=claim.diagnosis_details if claim.diagnosed else None, effects_ongoing=claim.effects_ongoing)


def _defendant(claim: Claim) -> dict:
    register = claim.defendant
    name = register.name if register else claim.defendant_name
    return {"name": name, "name_in_sentence": in_sentence(name),
            "addressee": "The Data Protection Officer",
            "address_lines": address_lines(register.address) if register else [],
            "email": (register.dpo_email or "") if register else "",
            "public_authority": facts_of(claim).public_authority}


def _person_address(person) -> list[str]:
    return [line for line in (person.address_line_1, person.address_line_2, person.town, person.postcode) if line]


def _fees(terms: FeeTerms, prospects: int | None, reason: str | None,
          approved: tuple[int, int, int] | None) -> dict:
    """The CFA's terms, the likely track's costs in plain words, and the "what you keep" table.

    The table applies the terms to the approved low, mid and high, or, with no approved
    valuation, to three example awards labelled as examples: never an empty table. Each row is
    worked out on that award's own likely track (``fees.illustrate``) and says which; the signing
    page shows these same figures.
    """
    if reason:
        basis = f"Set by your solicitor: {reason}"
    else:
        basis = (f"Set from the prospects of success ({prospects}%) in the usual way: the chance of losing "
                 f"({100 - (prospects or 0)}%) divided by the chance of winning ({prospects}%), at most 100%.")
    if approved is None:
        awards, track = [("Example", award) for award in EXAMPLE_AWARDS_PENCE], None
    else:
        awards, track = list(zip(("Low", "Mid", "High"), approved)), likely_track(approved[1])
    rows = illustrate(awards, terms)
    return {
        "prospects_percent": prospects or 0, "success_fee_percent": terms.success_fee_percent,
        "success_fee_basis": basis, "cap_percent": terms.cap_percent, "vat_percent": terms.vat_percent,
        "base_costs": format_pence(terms.base_costs_pence), "ate_premium": format_pence(terms.ate_premium_pence),
        "ate_taken_out": terms.ate_premium_pence > 0, "ate_recoverable": terms.ate_recoverable,
        "cancellation_days": CANCELLATION_DAYS,
        "illustrative": approved is None,
        "illustration": [_illustration_row(row) for row in rows],
        "keep_basis": keep_table_basis((row.track for row in rows), ate_taken_out=terms.ate_premium_pence > 0),
        "costs": costs_context(track, ate_insured=terms.ate_premium_pence > 0),
    }


def costs_context(track: Track | None, *, ate_insured: bool) -> dict:
    """Who pays costs on the claim's likely track (None: not yet valued), for the key facts and the CFA."""
    words = costs_in_plain_words(track, ate_insured=ate_insured)
    return {"track": words.track, "if_you_win": words.if_you_win, "if_you_lose": words.if_you_lose}


def _illustration_row(row: Illustration) -> dict:
    result = row.deductions
    return {"label": row.label, "award": format_pence(result.award_pence), "track": keep_table_note(row.track),
            "base_costs": format_pence(result.base_costs_pence), "costs_recovered": row.costs_recovered,
            "success_fee": format_pence(result.success_fee_pence), "vat": format_pence(result.vat_pence),
            "ate_premium": format_pence(result.ate_premium_pence), "before_cap": format_pence(result.before_cap_pence),
            "cap": format_pence(result.cap_pence), "capped": result.capped,
            "deducted": format_pence(result.deducted_pence), "waived": format_pence(result.waived_pence),
            "keeps": format_pence(result.client_keeps_pence),
            "keeps_percent": f"{round(result.client_keeps_percent)}%"}


def signature_context(signature: Signature | None) -> dict:
    if signature is None:
        return {"signed": False, "name": "", "signed_at": "", "ip_address": "", "user_agent": "",
                "document_sha256": "", "cancellation_ends_on": ""}
    return {"signed": True, "name": signature.name, "signed_at": uk_datetime(signature.signed_at),
            "ip_address": signature.ip_address, "user_agent": signature.user_agent,
            "document_sha256": signature.document_sha256,
            "cancellation_ends_on": format_long_date(signature.cancellation_ends_on)}
