"""Notes and correspondence on a claim: file notes, phone calls and documents received.

Notes are never deleted. An edit keeps what the note said before as a ``NoteRevision`` (the earlier
text, the other fields as they were, who wrote them and when, who replaced them and when) and the
audit trail records the edit by ids; the audit trail itself never holds what was typed. A document or
call from the defendant counts as its reply: the chasers after a letter of claim are closed.
Flushes, never commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from claims import audit, evidence
from claims.domain.notes import is_defendant_reply
from claims.extensions import db
from claims.models import Claim, Note, NoteRevision, User
from claims.models._types import utcnow
from claims.web import uk_date
from claims.work import tasks

# The fields an edit may change, besides the text.
DETAIL_FIELDS = ("party", "contact_name", "direction", "duration_minutes", "occurred_at")


@dataclass(frozen=True)
class Entry:
    """What a person records: the text, and for a call or document who, when and how long."""

    kind: str
    body: str
    occurred_at: datetime | None = None
    party: str | None = None
    contact_name: str | None = None
    direction: str | None = None
    duration_minutes: int | None = None


def add(claim: Claim, entry: Entry, *, by: User, file: evidence.CheckedFile | None = None) -> Note:
    """Record a note, call or document (a document's file is stored with the claim's files)."""
    stored = evidence.store(file, claim_id=claim.id, uploaded_by_id=by.id) if file is not None else None
    note = Note(claim_id=claim.id, author_id=by.id, kind=entry.kind, body=entry.body,
                occurred_at=entry.occurred_at or utcnow(), party=entry.party, contact_name=entry.contact_name or None,
                direction=entry.direction, duration_minutes=entry.duration_minutes,
                evidence_file_id=stored.id if stored else None)
    db.session.add(note)
    db.session.flush()
    audit.record("note.added", entity_type="note", entity_id=note.id, claim_id=claim.id,
                 details={"kind": entry.kind, "evidence_file_id": note.evidence_file_id})
    _reply_recorded(claim, note, by)
    return note


def edit(note: Note, entry: Entry, *, by: User) -> NoteRevision | None:
    """Change a note, keeping what it said before; None if nothing changed."""
    before = {name: getattr(note, name) for name in DETAIL_FIELDS}
    after = {name: getattr(entry, name) or None for name in DETAIL_FIELDS}
    after["occurred_at"] = entry.occurred_at or note.occurred_at
    changed = [name for name in DETAIL_FIELDS if before[name] != after[name]]
    if entry.body != note.body:
        changed.insert(0, "body")
    if not changed:
        return None
    revision = NoteRevision(note_id=note.id, body=note.body, details=_plain(before),
                            written_at=note.edited_at or note.created_at,
                            written_by_id=note.edited_by_id or note.author_id, replaced_by_id=by.id)
    db.session.add(revision)
    note.body, note.edited_at, note.edited_by_id = entry.body, utcnow(), by.id
    for name, value in after.items():
        setattr(note, name, value)
    db.session.flush()
    audit.record("note.edited", entity_type="note", entity_id=note.id, claim_id=note.claim_id,
                 details={"revision_id": revision.id, "fields": changed})
    claim = db.session.get(Claim, note.claim_id)
    _reply_recorded(claim, note, by)
    return revision


def revisions(note_id: int) -> list[NoteRevision]:
    """What the note said before each edit, newest first, with who wrote and replaced it."""
    return list(db.session.scalars(select(NoteRevision).where(NoteRevision.note_id == note_id)
                                   .options(joinedload(NoteRevision.written_by), joinedload(NoteRevision.replaced_by))
                                   .order_by(NoteRevision.replaced_at.desc(), NoteRevision.id.desc())))


def _reply_recorded(claim: Claim, note: Note, by: User) -> None:
    if is_defendant_reply(kind=note.kind, party=note.party):
        tasks.close_kinds(claim.id, {"chase_defendant"}, by=by,
                          reason=f"A reply from the defendant was recorded on {uk_date(note.occurred_at)}")


def _plain(values: dict) -> dict:
    """The fields as JSON can keep them (times as ISO text)."""
    return {name: value.isoformat() if isinstance(value, datetime) else value for name, value in values.items()}
