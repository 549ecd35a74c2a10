"""Tasks a claim needs, and when: the rules that turn what happened on a claim into dated tasks.

Pure functions, no database, ``today`` passed in. Each rule returns ``TaskSpec``s; the work feature
(``claims.work``) stores them as tasks when the event happens (a claim submitted, a letter sent, the
CFA signed, evidence added by the client) and closes them when what they wait for happens.

Counting: "N days after" is N calendar days after the day of the event, moved on to the next
England & Wales working day when it falls on a weekend or bank holiday (``claims.domain.deadlines``);
triage counts working days, because the firm promises a review within that many working days. A
warning before a limitation date is moved back, never forward, to a working day: a warning may come
early but never late.

``rule`` names the rule that made a task and is unique among a claim's open tasks, so an event that
happens twice (a CFA sent again, a second letter of claim) moves the open task instead of adding one.
A limitation warning's rule names its date (``limitation:2031-11-09:6``): the causes of action that end
on the same day share one warning, and a date that changes makes new warnings.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .deadlines import add_months, add_working_days, format_date, is_working_day, next_working_day
from .status import CLOSED_STATUSES
from .vocab import Vocabulary

TASK_KINDS = Vocabulary({
    "triage": "Triage",
    "chase_cfa": "Chase the signed CFA",
    "chase_defendant": "Chase the defendant",
    "sar_reply": "Subject access reply due",
    "limitation_warning": "Limitation warning",
    "client_evidence": "New evidence from the client",
    "client_message": "New message from the client",
    "cfa_signed": "CFA signed by the client",
    "client_instruction": "The client's instructions on an offer",
    "manual": "Task",
})
AUTOMATIC_KINDS = frozenset(TASK_KINDS) - {"manual"}
# What the client did: listed on "my day" under news from clients, whenever due.
FROM_CLIENT_KINDS = frozenset({"client_evidence", "client_message", "cfa_signed", "client_instruction"})

CFA_CHASE_DAYS = 7
DEFENDANT_CHASE_DAYS = (4, 7, 21)  # after the letter of claim, if nothing is recorded from the defendant
LIMITATION_WARNING_MONTHS = (6, 3, 1)
# How a warning names the causes of action ending on its date (claims.domain.vocab.CAUSES_OF_ACTION).
SHORT_CAUSES = {"uk_gdpr": "UK GDPR", "misuse_private_information": "misuse of private information",
                "breach_of_confidence": "breach of confidence", "human_rights_act": "Human Rights Act"}
# What the client did needs looking at by the next working day.
CLIENT_REVIEW_WORKING_DAYS = 1


@dataclass(frozen=True)
class TaskSpec:
    """A task a rule asks for: which rule, what to do, by when, and how the date was worked out."""

    rule: str
    kind: str
    title: str
    due_on: date
    basis: str


def days_after(day: date, days: int) -> date:
    """``days`` calendar days after ``day``, moved on to the next working day if need be."""
    return next_working_day(day + timedelta(days=days))


def working_day_on_or_before(day: date) -> date:
    """The day itself if it is a working day, else the working day before it."""
    return day if is_working_day(day) else add_working_days(day, -1)


def triage_task(*, submitted_on: date, review_working_days: int) -> TaskSpec:
    """Review a new claim within the firm's promised number of working days."""
    due = add_working_days(submitted_on, review_working_days)
    return TaskSpec("triage", "triage", "Triage the new claim: accept or decline it", due,
                    f"{review_working_days} working days after it was submitted on {format_date(submitted_on)} "
                    "(the firm's review time)")


def cfa_chase_task(*, sent_on: date) -> TaskSpec:
    """Chase the client if the CFA sent on ``sent_on`` is not signed a week later."""
    due = days_after(sent_on, CFA_CHASE_DAYS)
    return TaskSpec("chase_cfa", "chase_cfa", "Chase the client to sign the CFA", due,
                    f"{CFA_CHASE_DAYS} days after the CFA was sent on {format_date(sent_on)}, "
                    "moved to a working day; closed when the client signs")


def defendant_chasers(*, sent_on: date) -> list[TaskSpec]:
    """Chase the defendant 4, 7 and 21 days after the letter of claim, unless it has replied."""
    return [TaskSpec(f"chase_defendant:{days}", "chase_defendant",
                     f"Chase the defendant: {days} days since the letter of claim", days_after(sent_on, days),
                     f"{days} days after the letter of claim was sent on {format_date(sent_on)}, moved to a "
                     "working day; closed when a reply from the defendant is recorded")
            for days in DEFENDANT_CHASE_DAYS]


def sar_reply_task(*, due_on: date) -> TaskSpec:
    """Check the defendant has answered the subject access request by its due date."""
    return TaskSpec("sar_reply", "sar_reply", "Subject access request: check the reply has arrived", due_on,
                    "The date the reply to the subject access request is due (one month from receipt)")


def limitation_warnings(*, expires_on: date, causes: Iterable[str], today: date) -> list[TaskSpec]:
    """Warnings 6, 3 and 1 months before a limitation date still to come, one for all the causes ending that day.

    A warning whose day has already passed is not made, except the latest of them, which is made due
    today: a claim that arrives two months before its limitation date gets its warning at once.
    Nothing is made once the date itself has passed.
    """
    if expires_on < today:
        return []
    named = [SHORT_CAUSES.get(cause, cause) for cause in sorted(set(causes) - {"", None}, key=_cause_order)]
    which = f": {', '.join(named)}" if named else ""
    specs, passed = [], []
    for months in LIMITATION_WARNING_MONTHS:
        due = working_day_on_or_before(add_months(expires_on, -months))
        spec = TaskSpec(f"limitation:{expires_on.isoformat()}:{months}", "limitation_warning",
                        f"Limitation in {_months(months)}, on {format_date(expires_on)}{which}", due,
                        f"{_months(months)} before the limitation date {format_date(expires_on)}, "
                        "moved back to a working day")
        (specs if due >= today else passed).append(spec)
    if passed and not specs:  # every warning is late: the nearest one, now
        latest = passed[-1]
        specs.append(TaskSpec(latest.rule, latest.kind, latest.title, today,
                              f"{latest.basis}; that day had passed when the date was set, so due at once"))
    return specs


def _cause_order(cause: str) -> int:
    return list(SHORT_CAUSES).index(cause) if cause in SHORT_CAUSES else len(SHORT_CAUSES)


def client_evidence_task(*, added_on: date) -> TaskSpec:
    """Look at evidence the client added through their link (one open task however many files)."""
    return TaskSpec("client_evidence", "client_evidence", "Review the evidence the client added",
                    add_working_days(added_on, CLIENT_REVIEW_WORKING_DAYS),
                    f"Added by the client on {format_date(added_on)}; reviewed by the next working day")


def client_message_task(*, sent_on: date) -> TaskSpec:
    """Read and answer a message the client sent from their portal page (one open task however many messages)."""
    return TaskSpec("client_message", "client_message", "Read and answer the client's message",
                    add_working_days(sent_on, CLIENT_REVIEW_WORKING_DAYS),
                    f"Sent by the client on {format_date(sent_on)}; answered by the next working day")


def client_instruction_task(*, given_on: date, offer_id: int, instruction: str) -> TaskSpec:
    """Act on the client's instructions on an offer, given through their link, by the next working day."""
    return TaskSpec(f"client_instruction:{offer_id}", "client_instruction",
                    f"The client's instructions on an offer: {instruction}",
                    add_working_days(given_on, CLIENT_REVIEW_WORKING_DAYS),
                    f"Given online on {format_date(given_on)}; acted on by the next working day")


def signed_cfa_task(*, signed_on: date, cancellation_ends_on: date) -> TaskSpec:
    """Check the signed CFA and plan the next letter (work can start; the client may cancel until the date)."""
    return TaskSpec("cfa_signed", "cfa_signed",
                    f"The client signed the CFA: check it and plan the next step (they may cancel until "
                    f"{format_date(cancellation_ends_on)})",
                    add_working_days(signed_on, CLIENT_REVIEW_WORKING_DAYS),
                    f"Signed online on {format_date(signed_on)}; reviewed by the next working day")


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


# -- what closes a task -------------------------------------------------------------------------------
# Moves that mean the defendant has answered the letter of claim, one way or another.
_ANSWERED = frozenset({"response_received", "negotiation", "settled", "proceedings"})


def kinds_closed_by_move(from_status: str, to_status: str) -> frozenset[str]:
    """The kinds of automatic task a claim's move to ``to_status`` makes pointless.

    Leaving "awaiting triage" settles the triage; signing the CFA ends the chasing for it; an answer from
    the defendant ends the chasing after the letter of claim; a closed claim needs none of them.
    """
    if to_status in CLOSED_STATUSES:
        return AUTOMATIC_KINDS
    closed = set()
    if from_status == "submitted" and to_status != "submitted":
        closed.add("triage")
    if to_status == "cfa_signed":
        closed.add("chase_cfa")
    if to_status in _ANSWERED:
        closed.add("chase_defendant")
    return frozenset(closed)


def closed_reason_for_move(to_status: str, label: str) -> str:
    """What a task closed by a move says: "The claim moved to “Accepted”"."""
    return f"The claim moved to “{label}”"
