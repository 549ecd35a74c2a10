"""The claim status machine: every status a claim can have and which moves are allowed.

This module owns the flow of one claim: intake → triage → accepted → CFA sent → CFA
signed → (subject access request) → letter of claim → response → negotiation →
settled or proceedings → closed (won, lost or withdrawn). It knows nothing about who
may make a move or when; views and services check that before calling ``check_move``.
"""
from __future__ import annotations

from types import MappingProxyType

from .vocab import Vocabulary

STATUSES = Vocabulary({
    "submitted": "Awaiting triage",
    "accepted": "Accepted",
    "declined": "Declined",
    "cfa_sent": "CFA sent",
    "cfa_signed": "CFA signed",
    "sar_sent": "Subject access request sent",
    "letter_of_claim_sent": "Letter of claim sent",
    "response_received": "Response received",
    "negotiation": "Negotiation",
    "settled": "Settled",
    "proceedings": "Proceedings issued",
    "closed_won": "Closed – won",
    "closed_lost": "Closed – lost",
    "withdrawn": "Closed – withdrawn",
})

INITIAL_STATUS = "submitted"
CLOSED_STATUSES = frozenset({"declined", "closed_won", "closed_lost", "withdrawn"})
OPEN_STATUSES = frozenset(STATUSES) - CLOSED_STATUSES

# Forward moves. "withdrawn" is added below for every open status except "settled".
_FORWARD: dict[str, tuple[str, ...]] = {
    "submitted": ("accepted", "declined"),
    "accepted": ("cfa_sent", "declined"),
    "declined": ("submitted",),  # reopened, e.g. new evidence
    "cfa_sent": ("cfa_signed",),
    # The subject access request is optional. Cancelling the CFA within its 14-day
    # cancellation period is recorded as "withdrawn".
    "cfa_signed": ("sar_sent", "letter_of_claim_sent"),
    "sar_sent": ("letter_of_claim_sent",),
    # No response within the protocol period can lead straight to proceedings, and an
    # early offer straight to negotiation.
    "letter_of_claim_sent": ("response_received", "negotiation", "proceedings"),
    "response_received": ("negotiation", "settled", "proceedings"),
    "negotiation": ("settled", "proceedings"),
    # Settled is still open until the money arrives; it can only close as won.
    "settled": ("closed_won",),
    "proceedings": ("settled", "closed_won", "closed_lost"),
    "closed_won": (),
    "closed_lost": (),
    "withdrawn": (),
}
_CANNOT_WITHDRAW = frozenset({"settled"})


def _with_withdrawal(status: str, moves: tuple[str, ...]) -> tuple[str, ...]:
    """Add "withdrawn" to the moves from an open status."""
    if status in OPEN_STATUSES and status not in _CANNOT_WITHDRAW:
        return (*moves, "withdrawn")
    return moves


TRANSITIONS = MappingProxyType(
    {status: _with_withdrawal(status, moves) for status, moves in _FORWARD.items()}
)


class TransitionError(ValueError):
    """A claim cannot move from one status to another."""


def _require_known(status: str) -> None:
    """Raise TransitionError for a status code that does not exist."""
    if status not in STATUSES:
        raise TransitionError(f"“{status}” is not a claim status")


def is_open(status: str) -> bool:
    """True if the claim is still being worked on."""
    _require_known(status)
    return status in OPEN_STATUSES


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a claim can move to from this one, in display order."""
    _require_known(status)
    return TRANSITIONS[status]


def can_move(from_status: str, to_status: str) -> bool:
    """True if a claim may move from one status to the other (unknown codes give False)."""
    return from_status in STATUSES and to_status in TRANSITIONS[from_status]


def check_move(from_status: str, to_status: str) -> None:
    """Raise TransitionError, with a message a solicitor can act on, unless the move is allowed."""
    _require_known(from_status)
    _require_known(to_status)
    if can_move(from_status, to_status):
        return
    allowed = allowed_next(from_status)
    options = ", ".join(f"“{STATUSES[code]}”" for code in allowed)
    hint = f"It can move to: {options}." if allowed else "It is closed and cannot move."
    raise TransitionError(
        f"A claim cannot move from “{STATUSES[from_status]}” to “{STATUSES[to_status]}”. {hint}"
    )


# Reopening: a claim closed as won, lost or withdrawn goes back, by a partner's decision, to the open status
# it closed from (a declined claim goes back to triage by an ordinary move). Not a move of the machine above:
# the claim page never offers it as one.
REOPENABLE = frozenset({"closed_won", "closed_lost", "withdrawn"})


def check_reopen(from_status: str, to_status: str) -> None:
    """Raise TransitionError unless a closed claim may be reopened into ``to_status``."""
    _require_known(from_status)
    _require_known(to_status)
    if from_status not in REOPENABLE or to_status not in OPEN_STATUSES:
        raise TransitionError(f"A claim cannot be reopened from “{STATUSES[from_status]}” to “{STATUSES[to_status]}”.")


# How the app makes each move. A move with its own step is made there, because the step does the
# work the move records (accepting makes the CFA; signing is the client's; a letter is generated).
# Every other move is recorded on the claim page with a reason: ``RECORDED``.
OWN_STEP = MappingProxyType({
    "accepted": "accept",  # the accept page: prospects, success fee, the CFA sent for signing
    "cfa_sent": "accept",
    "declined": "decline",  # the decline page: the reason and the decline letter
    "cfa_signed": "client_signs",  # only the client signs, online
    "sar_sent": "letter",  # generating the subject access request
    "letter_of_claim_sent": "letter",  # generating the letter of claim
    "response_received": "response",  # recording the defendant's response, with its letter
    "settled": "settlement",  # recording the settlement: damages, costs, the completion statement
    "proceedings": "proceedings",  # recording the claim issued, with the court's dates
    "closed_won": "close",  # closing with the outcome and a reason
    "closed_lost": "close",
})
NEEDS_AMOUNT = frozenset({"settled"})  # the settlement figure is recorded with the move


def recorded_moves(status: str) -> tuple[str, ...]:
    """The moves from ``status`` that staff record on the claim page with a reason (no step of their own)."""
    return tuple(code for code in allowed_next(status) if code not in OWN_STEP)
