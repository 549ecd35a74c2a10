"""How a claim ends: the defendant's response, offers and their outcomes, the settlement, closing.

Pure rules, no database, ``today`` passed in. This module owns:

- the vocabularies the outcome screens record (the response's position, who made an offer, its
  costs terms, what became of it, the client's instruction, how a claim closed);
- which outcome an offer can be given (only an open offer gets one, once: accepted, rejected,
  lapsed, withdrawn or countered) and when an open offer has lapsed (its expiry day has passed);
- the status a claim moves to when an offer or a response is recorded;
- the money checks of a settlement (damages split into general and special, costs beside them).

The fee arithmetic of what the client keeps is ``claims.domain.fees``; nothing here repeats it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .money import MAX_PENCE, format_pence
from .status import CLOSED_STATUSES, TRANSITIONS
from .vocab import Vocabulary

RESPONSE_POSITIONS = Vocabulary({
    "admits": "Admits liability",
    "partly_admits": "Partly admits liability",
    "denies": "Denies liability",
})

OFFER_FROM = Vocabulary({"defendant": "The defendant", "claimant": "Our client (made by us)"})

COSTS_TERMS = Vocabulary({
    "plus_costs": "Plus costs (the defendant pays our costs on top)",
    "inclusive": "Inclusive of costs",
})

OFFER_OUTCOMES = Vocabulary({
    "accepted": "Accepted",
    "rejected": "Rejected",
    "lapsed": "Lapsed",
    "withdrawn": "Withdrawn",
    "countered": "Countered",
})

INSTRUCTIONS = Vocabulary({
    "accept": "Accept the offer",
    "reject": "Reject the offer",
    "counter": "Make a counter-offer",
})

# How a claim closes from the outcome screen (withdrawing is a recorded move with its reason).
CLOSING = Vocabulary({"closed_won": "Won", "closed_lost": "Lost", "withdrawn": "Withdrawn"})
# Closed for good: read-only until a partner reopens it. A declined claim has its own way back (to triage).
FINAL_STATUSES = frozenset({"closed_won", "closed_lost", "withdrawn"})

MONEY_SENT = Vocabulary({
    "received": "Received from the defendant",
    "sent_to_client": "Sent to the client",
})

# Statuses in which an offer can be recorded, and the move recording one makes first.
_OFFER_MOVES = {"letter_of_claim_sent": "negotiation", "response_received": "negotiation"}
OFFER_STATUSES = frozenset({"letter_of_claim_sent", "response_received", "negotiation", "proceedings"})


class OutcomeError(ValueError):
    """A rule stops this now; the message says which, for the solicitor."""


def status_after_offer(status: str) -> str | None:
    """The move recording an offer makes (to "Negotiation"), or None when the claim stays where it is."""
    if status not in OFFER_STATUSES:
        raise OutcomeError("An offer can be recorded once the letter of claim is sent and until the claim settles")
    target = _OFFER_MOVES.get(status)
    return target if target and target in TRANSITIONS[status] else None


def lapsed(expires_on: date | None, today: date) -> bool:
    """True once an offer's last day to accept it has passed."""
    return expires_on is not None and expires_on < today


def offer_state(outcome: str | None, expires_on: date | None, today: date) -> str:
    """What an offer is now: its recorded outcome, else "lapsed" past its expiry, else "open"."""
    if outcome:
        return outcome
    return "lapsed" if lapsed(expires_on, today) else "open"


def check_outcome(current: str | None, outcome: str, *, expires_on: date | None, outcome_on: date,
                  today: date) -> None:
    """Raise OutcomeError unless an offer with ``current`` outcome may be given ``outcome`` on ``outcome_on``."""
    if outcome not in OFFER_OUTCOMES:
        raise OutcomeError(f"“{outcome}” is not an outcome of an offer")
    if current:
        raise OutcomeError(f"This offer is already {OFFER_OUTCOMES[current].lower()}; record a new offer instead")
    if outcome_on > today:
        raise OutcomeError("The date of the outcome cannot be in the future")
    if outcome == "accepted" and expires_on is not None and outcome_on > expires_on:
        raise OutcomeError("The offer had lapsed by then: it could be accepted until "
                           f"{expires_on:%d/%m/%Y}")


def may_instruct(outcome: str | None, expires_on: date | None, today: date) -> bool:
    """The client can still give instructions on an offer that is open and not lapsed."""
    return offer_state(outcome, expires_on, today) == "open"


@dataclass(frozen=True)
class SettlementFigures:
    """A settlement's money: damages (general and special), costs, and the total the defendant pays."""

    general_pence: int
    special_pence: int
    costs_pence: int

    def __post_init__(self) -> None:
        for name in ("general_pence", "special_pence", "costs_pence"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PENCE:
                raise OutcomeError(f"{name.replace('_pence', '').capitalize()} must be whole pence from £0.00 to "
                                   f"{format_pence(MAX_PENCE)}")
        if self.damages_pence == 0:
            raise OutcomeError("A settlement pays some damages: enter the general or special damages")

    @property
    def damages_pence(self) -> int:
        """What the client is paid for the claim itself: the sum the CFA's deductions come out of."""
        return self.general_pence + self.special_pence

    @property
    def total_pence(self) -> int:
        return self.damages_pence + self.costs_pence


def may_close(status: str, to_status: str) -> bool:
    """True if the claim can be closed this way from ``status``."""
    return to_status in CLOSING and to_status in TRANSITIONS.get(status, ())


def is_read_only(status: str) -> bool:
    """A claim closed for good is read-only until a partner reopens it."""
    return status in FINAL_STATUSES


def reopen_target(status: str, history: list[tuple[str | None, str]]) -> str:
    """The status a closed claim goes back to: the one it was in when it closed.

    ``history`` is the claim's moves, oldest first, as (from, to). Raises OutcomeError for a claim that is
    not closed for good.
    """
    if status not in FINAL_STATUSES:
        raise OutcomeError("Only a claim that was closed (won, lost or withdrawn) can be reopened here")
    for from_status, to_status in reversed(history):
        if to_status == status and from_status and from_status not in CLOSED_STATUSES:
            return from_status
    raise OutcomeError("The status the claim was in before it closed is not recorded")
