"""Keyset paging: a position in a list ordered by (a timestamp, an id), or by any sort key and an id
(``SortCursor``), carried in the query string.

Lists page by the last row seen, not OFFSET, so page 1,000 costs the same as page 1. A cursor
from the address bar is untrusted: ``decode`` gives None for anything malformed, naive or out
of range, and the list starts from the beginning.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, unquote

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


_NULL = "!"  # a quoted value never is "!" (quote() escapes it), so it marks the NULL part of a list


@dataclass(frozen=True)
class SortCursor:
    """A row's position in a list sorted on any key: the key's values (typed) and the row's id.

    ``null``: the row is in the part of the list where the key is NULL (listed last, ordered by id alone).
    Encoded as the values and the id joined by "~", each value percent-quoted; a cursor of one timestamp
    is encoded exactly as ``Cursor`` encodes it, so links made before sorting existed still work.
    """

    values: tuple
    row_id: int
    null: bool = False

    def encode(self) -> str:
        if self.null:
            return f"{_NULL}~{self.row_id}"
        return "~".join([*(quote(_text(value), safe=":+").replace("~", "%7E") for value in self.values), str(self.row_id)])

    @classmethod
    def decode(cls, text: str | None, types: tuple[type, ...]) -> SortCursor | None:
        """Parse a cursor for a key of ``types`` (datetime, date, int or str); None if absent or malformed."""
        parts = (text or "").split("~")
        try:
            row_id = int(parts[-1])
            if not 0 < row_id <= MAX_ID:
                return None
            if parts[:-1] == [_NULL]:
                return cls((), row_id, null=True)
            if len(parts) != len(types) + 1:
                return None
            return cls(tuple(_typed(unquote(part), kind) for part, kind in zip(parts, types)), row_id)
        except (ValueError, OverflowError):
            return None


def _text(value) -> str:
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


def _typed(text: str, kind: type):
    if kind is datetime:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            raise ValueError("a cursor's timestamp must carry its time zone")
        return value
    if kind is date:
        return date.fromisoformat(text)
    if kind is int:
        number = int(text)
        if abs(number) > 2**62:
            raise ValueError("out of range")
        return number
    if len(text) > 300 or "\x00" in text:
        raise ValueError("too long")
    return text
