"""Keyset paging: a position in a list ordered by (a timestamp, an id), carried in the query string.

Lists page by the last row seen, not OFFSET, so page 1,000 costs the same as page 1. A cursor
from the address bar is untrusted: ``decode`` gives None for anything malformed, naive or out
of range, and the list starts from the beginning.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claims.ids import MAX_ID


@dataclass(frozen=True)
class Cursor:
    """A row's position: its timestamp (``at``, timezone-aware) and its id."""

    at: datetime
    row_id: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}~{self.row_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """Parse a cursor from the query string; None if absent or malformed."""
        try:
            stamp, row_id = (text or "").split("~")
            cursor = cls(datetime.fromisoformat(stamp), int(row_id))
        except ValueError:
            return None
        return cursor if cursor.at.tzinfo is not None and 0 < cursor.row_id <= MAX_ID else None
