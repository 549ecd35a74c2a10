"""Tasks made and closed by what happens on a claim: receivers of the kernel's events.

Each receiver runs inside the request or job that sent the event, before it commits, so a task is
saved with what caused it or not at all. The rules (which task, due when; what a move closes) are
pure, in ``claims.domain.tasks``.
"""
from __future__ import annotations

from datetime import date

from claims.claim.events import (
    cfa_signed, claim_moved, claim_submitted, client_evidence_added, client_message_received, letter_sent,
    limitation_changed, offer_instructed,
)
from claims.clock import UK, uk_today
from claims.domain import tasks as rules
from claims.domain.status import STATUSES
from claims.firm import review_working_days
from claims.models import Claim
from claims.work import tasks


@claim_submitted.connect
def _submitted(_sender, claim: Claim, today: date | None = None, **_extra) -> None:
    today = today or uk_today()
    submitted_on = claim.submitted_at.astimezone(UK).date() if claim.submitted_at else today
    tasks.apply(claim, rules.triage_task(submitted_on=submitted_on, review_working_days=review_working_days()))
    tasks.sync_limitation_warnings(claim, today=today)


@limitation_changed.connect
def _limitation_changed(_sender, claim: Claim, today: date | None = None, **_extra) -> None:
    tasks.sync_limitation_warnings(claim, today=today or uk_today())


@claim_moved.connect
def _moved(_sender, claim: Claim, from_status: str, to_status: str, by=None, **_extra) -> None:
    if claim.id is None:
        return
    closed = rules.kinds_closed_by_move(from_status, to_status)
    tasks.close_kinds(claim.id, closed, reason=rules.closed_reason_for_move(to_status, STATUSES[to_status]), by=by)
    if to_status == "submitted" and from_status != "submitted":  # reopened: triage it again
        today = uk_today()
        tasks.apply(claim, rules.triage_task(submitted_on=today, review_working_days=review_working_days()), again=True)
        tasks.sync_limitation_warnings(claim, today=today)


@letter_sent.connect
def _letter_sent(_sender, claim: Claim, kind: str, sent_on: date, due_on: date | None = None, **_extra) -> None:
    if kind == "client_care_cfa":
        tasks.apply(claim, rules.cfa_chase_task(sent_on=sent_on))
    elif kind == "letter_of_claim":
        for spec in rules.defendant_chasers(sent_on=sent_on):
            tasks.apply(claim, spec)
    elif kind == "subject_access_request" and due_on is not None:
        tasks.apply(claim, rules.sar_reply_task(due_on=due_on))


@cfa_signed.connect
def _cfa_signed(_sender, claim: Claim, signed_on: date, cancellation_ends_on: date, **_extra) -> None:
    tasks.apply(claim, rules.signed_cfa_task(signed_on=signed_on, cancellation_ends_on=cancellation_ends_on))


@client_evidence_added.connect
def _client_evidence(_sender, claim: Claim, **_extra) -> None:
    tasks.apply(claim, rules.client_evidence_task(added_on=uk_today()), keep_earlier=True)


@client_message_received.connect
def _client_message(_sender, claim: Claim, **_extra) -> None:
    tasks.apply(claim, rules.client_message_task(sent_on=uk_today()), keep_earlier=True)


@offer_instructed.connect
def _offer_instructed(_sender, claim: Claim, offer, instruction: str, **_extra) -> None:
    tasks.apply(claim, rules.client_instruction_task(given_on=uk_today(), offer_id=offer.id,
                                                     instruction=instruction.lower()))
