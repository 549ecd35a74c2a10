"""The demo caseload's work: the tasks the rules would have made on each claim by now, and notes and calls.

For each demo claim, from the history ``claims.demo.seed`` wrote for it: the triage task (done when the
claim left triage), the CFA chaser (done when it was signed), the three chasers after a letter of claim
(closed when the defendant answered), a signed CFA to look at, the limitation warnings still to come on
open claims (``claims.domain.tasks``, today being the seeding day), a task by hand on some open claims,
and a file note, a call with the client or the defendant's letter on some. Rows, not ORM objects: the seed
inserts them in bulk with the rest.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from claims.clock import UK
from claims.domain import tasks as rules
from claims.domain.status import CLOSED_STATUSES, STATUSES
from claims.models import Note, Task

MANUAL_SHARE = 0.06  # of open claims have a task made by hand
NOTE_SHARE = 0.4
MANUAL_TASKS = ("Call the client for an update", "Ask the client for photos of the letter",
                "Check the GP records have arrived", "Review the file before the next letter")
FILE_NOTES = ("Reviewed the file. Evidence so far supports the account; waiting for the GP records.",
              "Client's parent called to ask how long the claim will take; explained the protocol stages.",
              "Checked the defendant's address against the register.")
CALL_SUMMARIES = ("Went through what happened and what the client wants to achieve. Client will send photos.",
                  "Client upset that the neighbour is still talking about it; noted for the effects.")
CHASERS = frozenset({"chase_cfa", "chase_defendant"})
CHASED_AFTER = 3  # days overdue after which a demo chaser is done
_ANSWERED = frozenset({"response_received", "negotiation", "settled", "proceedings"})


def add_work(rows: dict, ctx, claim: dict, history: list[dict], limitation: list[dict]) -> None:
    """Add the task and note rows for one claim, from its status history and limitation key date rows."""
    today = ctx.now.astimezone(UK).date()
    made = [_chased(task, today, claim["assigned_to_id"]) for task in _rule_tasks(claim, history, limitation, today)]
    if claim["status"] not in CLOSED_STATUSES and ctx.rng.random() < MANUAL_SHARE:
        made.append(_manual(ctx.rng, today, claim["assigned_to_id"]))
    rows[Task] += [{"id": ctx.take_id(Task), "claim_id": claim["id"], **row} for row in made]
    if ctx.rng.random() < NOTE_SHARE:
        rows[Note] += [{"id": ctx.take_id(Note), "claim_id": claim["id"], **note}
                       for note in _notes(ctx.rng, claim, history, ctx.staff["solicitor"], ctx.now)]


def _day(at: datetime) -> date:
    return at.astimezone(UK).date()


def _task(spec: rules.TaskSpec, created_at: datetime, done_at: datetime | None = None, done_by: int | None = None,
          reason: str | None = None, owner: int | None = None) -> dict:
    return {"kind": spec.kind, "rule": spec.rule, "title": spec.title, "details": spec.basis, "due_on": spec.due_on,
            "assigned_to_id": owner, "created_by_id": None, "created_at": created_at, "completed_at": done_at,
            "completed_by_id": done_by, "closed_reason": reason}


def _rule_tasks(claim: dict, history: list[dict], limitation: list[dict], today: date) -> list[dict]:
    moved = {row["to_status"]: row for row in history}
    closed_at = claim["closed_at"]
    closed_reason = rules.closed_reason_for_move(claim["status"], STATUSES[claim["status"]]) if closed_at else None
    made = []
    submitted = history[0]
    triage = rules.triage_task(submitted_on=_day(submitted["changed_at"]), review_working_days=5)
    left = history[1] if len(history) > 1 else None
    made.append(_task(triage, submitted["changed_at"], left and left["changed_at"], left and left["changed_by_id"],
                      left and rules.closed_reason_for_move(left["to_status"], STATUSES[left["to_status"]])))
    if "cfa_sent" in moved:
        sent = moved["cfa_sent"]
        signed = moved.get("cfa_signed")
        done = signed or (closed_at and {"changed_at": closed_at, "changed_by_id": None})
        made.append(_task(rules.cfa_chase_task(sent_on=_day(sent["changed_at"])), sent["changed_at"],
                          done and done["changed_at"], None,
                          "The claim moved to “CFA signed”" if signed else closed_reason))
    if "letter_of_claim_sent" in moved:
        sent = moved["letter_of_claim_sent"]
        answer = next((moved[s] for s in _ANSWERED if s in moved), None)
        for spec in rules.defendant_chasers(sent_on=_day(sent["changed_at"])):
            done_at = answer["changed_at"] if answer else closed_at
            reason = rules.closed_reason_for_move(answer["to_status"], STATUSES[answer["to_status"]]) \
                if answer else closed_reason
            made.append(_task(spec, sent["changed_at"], done_at, None, reason))
    if claim["status"] not in CLOSED_STATUSES:
        causes_by_date: dict[date, list[str]] = {}
        for key_date in limitation:
            causes_by_date.setdefault(key_date["due_on"], []).append(key_date["cause"])
        for expires_on, causes in sorted(causes_by_date.items()):
            for spec in rules.limitation_warnings(expires_on=expires_on, causes=causes, today=today):
                made.append(_task(spec, submitted["changed_at"]))
    return made


def _chased(task: dict, today: date, handler: int | None) -> dict:
    """A chaser long overdue was done by the handler the day after it was due: a demo firm keeps up, mostly."""
    late = task["due_on"] < today - timedelta(days=CHASED_AFTER)
    if task["kind"] in CHASERS and task["completed_at"] is None and late:
        done = datetime.combine(task["due_on"] + timedelta(days=1), time(10), tzinfo=UK)
        return {**task, "completed_at": done, "completed_by_id": handler}
    return task


def _manual(rng: random.Random, today: date, handler: int | None) -> dict:
    title = rng.choice(MANUAL_TASKS)
    created = datetime.combine(today - timedelta(days=rng.randint(1, 20)), time(9), tzinfo=UK)
    return {"kind": "manual", "rule": None, "title": title, "details": None,
            "due_on": today + timedelta(days=rng.randint(-3, 14)), "assigned_to_id": handler,
            "created_by_id": handler, "created_at": created, "completed_at": None, "completed_by_id": None,
            "closed_reason": None}


def _notes(rng: random.Random, claim: dict, history: list[dict], solicitor: int, now: datetime) -> list[dict]:
    author = claim["assigned_to_id"] or solicitor
    start = history[0]["changed_at"]
    notes = [_note("phone_call", start + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6)), author,
                   rng.choice(CALL_SUMMARIES), party="client", direction=rng.choice(("in", "out")),
                   duration=rng.randint(5, 45))]
    if rng.random() < 0.5:
        notes.append(_note("file_note", start + timedelta(days=rng.randint(6, 20)), author, rng.choice(FILE_NOTES)))
    answered = next((row for row in history if row["to_status"] in _ANSWERED), None)
    if answered is not None:
        notes.append(_note("document", answered["changed_at"], author,
                           "The defendant's response to the letter of claim (received by post).", party="defendant"))
    return [note for note in notes if note["occurred_at"] <= now]


def _note(kind: str, at: datetime, author: int, body: str, *, party: str | None = None, direction: str | None = None,
          duration: int | None = None) -> dict:
    return {"author_id": author, "kind": kind, "body": body, "party": party, "contact_name": None,
            "direction": direction, "duration_minutes": duration, "occurred_at": at, "evidence_file_id": None,
            "created_at": at, "edited_at": None, "edited_by_id": None}
