"""Which letters exist, when each may be generated, and what generating one does to the claim.

Pure rules, no database: the letters service asks ``refusal`` before it renders anything and
``status_after`` for the move to record. A letter of claim needs a signed
CFA (the firm has no authority to act without one) unless a partner overrides it with a reason,
which the service audits; a subject access request always needs one, because it tells the
controller that the client has signed our authority.
"""
from __future__ import annotations

from datetime import date, timedelta

from .deadlines import add_months, format_date
from .status import CLOSED_STATUSES, TRANSITIONS
from .vocab import Vocabulary

LETTER_KINDS = Vocabulary({
    "acknowledgement": "Acknowledgement to the claimant",
    "client_care_cfa": "Client care letter and CFA",
    "decline": "Decline letter",
    "subject_access_request": "Subject access request",
    "letter_of_claim": "Letter of claim",
    "completion_statement": "Completion statement",
})

# Letters staff generate from the claim page; the CFA and decline letter come from accepting
# or declining, the acknowledgement from intake (and may be regenerated).
STAFF_GENERATED = ("acknowledgement", "subject_access_request", "letter_of_claim")
# Letters to the defendant: the way they are sent fixes when they count as received (by analogy with CPR 6.26).
SENT_TO_DEFENDANT = ("subject_access_request", "letter_of_claim")

CANCELLATION_DAYS = 14  # Consumer Contracts Regulations 2013: 14 days from the contract

# The claim status a generated letter moves the claim to, when the status machine allows it.
_STATUS_AFTER = {"subject_access_request": "sar_sent", "letter_of_claim": "letter_of_claim_sent"}
_BEFORE_ACCEPTANCE = frozenset({"submitted"})


def refusal(kind: str, *, status: str, cfa_signed: bool, partner_override: bool = False) -> str | None:
    """Why ``kind`` cannot be generated now, or None if it can."""
    if kind not in LETTER_KINDS:
        return f"“{kind}” is not a letter this system makes"
    if kind == "acknowledgement":
        return None
    if kind == "decline":
        return None if status == "declined" else "A decline letter is made by declining the claim"
    if kind == "completion_statement":
        return None if status in ("settled", "closed_won") else "A completion statement is made by recording the settlement"
    if status in CLOSED_STATUSES:
        return "The claim is closed"
    if status in _BEFORE_ACCEPTANCE:
        return "Accept the claim first"
    if kind == "client_care_cfa":
        return None if status in ("accepted", "cfa_sent") else "The CFA has already been signed"
    if kind == "letter_of_claim" and not cfa_signed and not partner_override:
        return "The client has not signed the CFA; a partner can override this with a reason"
    if kind == "subject_access_request" and not cfa_signed:
        # The request tells the controller the client signed our authority; before that it would be untrue.
        return ("The client has not signed the CFA, so we have no signed authority to make a subject access "
                "request for them yet")
    return None


def status_after(kind: str, status: str) -> str | None:
    """The status to move to after generating ``kind``, if the claim can make that move now."""
    target = _STATUS_AFTER.get(kind)
    return target if target and target in TRANSITIONS.get(status, ()) else None


def cancellation_ends_on(signed_on: date) -> date:
    """The last day the client may cancel: 14 days after the day the contract was made."""
    return signed_on + timedelta(days=CANCELLATION_DAYS)


def cancellation_basis(signed_on: date) -> str:
    return (f"{CANCELLATION_DAYS} days from signing on {format_date(signed_on)} "
            "(Consumer Contracts Regulations 2013, reg. 30).")


def signing_link_expires_on(sent_on: date, days: int) -> date:
    """The last day a signing link works (the firm's setting, counted from sending)."""
    return sent_on + timedelta(days=days)


def portal_open_until(signed_on: date) -> date:
    """After signing, the same link shows progress for a year; staff can send a fresh one."""
    return add_months(signed_on, 12)
