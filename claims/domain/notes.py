"""Notes and correspondence on a claim's timeline: what kinds there are, and what a record means.

Pure: the words the forms and the timeline use, and the one rule that reads a record as the
defendant replying (which stops the chasers after a letter of claim, ``claims.domain.tasks``).
"""
from __future__ import annotations

from .vocab import Vocabulary

NOTE_KINDS = Vocabulary({
    "file_note": "File note",
    "phone_call": "Phone call",
    "document": "Document received",
})
CORRESPONDENTS = Vocabulary({
    "client": "The client",
    "defendant": "The defendant",
    "other": "Someone else",
})
CALL_DIRECTIONS = Vocabulary({
    "in": "They called us",
    "out": "We called them",
})
MAX_CALL_MINUTES = 600


def is_defendant_reply(*, kind: str, party: str | None) -> bool:
    """Whether a record counts as hearing from the defendant: a document from it, or a call with it."""
    return party == "defendant" and kind in ("document", "phone_call")


def duration_text(minutes: int | None) -> str:
    """"1 hour 5 minutes", "25 minutes", or "" when not recorded."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + (
        [f"{rest} minute{'s' if rest != 1 else ''}"] if rest or not hours else [])
    return " ".join(parts)
