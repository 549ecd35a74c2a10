"""The audit log's hash chain, as pure arithmetic: a row's canonical bytes, its hash, and a walk that
finds the first broken link. ``claims.audit`` stores and seals rows; ``flask audit verify`` walks them.

Each row holds its place in the chain (``seq``, 1, 2, 3 … with no gaps), the previous row's hash
(``prev_hash``; the first row's is ``GENESIS``) and its own: the SHA-256 of the canonical JSON of
every column, ``prev_hash`` and ``seq`` included. So an edited row no longer matches its hash; a
deleted row leaves a gap (the next row's ``prev_hash`` points at nothing); a row inserted or moved
out of place (a swap of ids or of contents) matches neither its own hash nor its neighbour's link.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

GENESIS = "0" * 64
VERSION = 1  # the canonical form's version, hashed with the row: a new form can be told from the old

FIELDS = ("id", "seq", "occurred_at", "user_id", "actor", "action", "entity_type", "entity_id", "claim_id",
          "ip_address", "details", "prev_hash")


def _stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite returns naive UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: Mapping) -> bytes:
    """The row's content as bytes that depend only on its values: a JSON list in a fixed field order,
    timestamps in UTC to the microsecond, details with sorted keys, ASCII only."""
    values = [VERSION] + [_stamp(row[name]) if name == "occurred_at" else row[name] for name in FIELDS]
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str).encode()


def row_hash(row: Mapping) -> str:
    """The SHA-256 (hex) of the row's canonical bytes."""
    return hashlib.sha256(canonical(row)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold, and why."""

    row_id: int
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"audit row {self.row_id}" + (f" (chain position {self.seq})" if self.seq is not None else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Verdict:
    count: int  # rows checked
    head: str  # the last row's hash (GENESIS for an empty log): note it elsewhere to detect a cut tail
    broken: Break | None


def verify(rows: Iterable[Mapping]) -> Verdict:
    """Walk ``rows`` in chain order (``seq`` ascending, unsealed rows — ``seq`` None — last, by id) and
    return the first break, or none. Each row must carry the FIELDS and ``row_hash``."""
    expected_seq, previous, count = 1, GENESIS, 0
    for row in rows:
        count += 1
        seq = row["seq"]
        if seq is None or row["row_hash"] is None or row["prev_hash"] is None:
            return Verdict(count, previous, Break(row["id"], None, "not in the chain (inserted outside the audit trail)"))
        if seq < expected_seq:
            return Verdict(count, previous, Break(row["id"], seq, f"a second row at chain position {seq}"))
        if seq > expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq} to {seq - 1}"
            return Verdict(count, previous, Break(row["id"], seq, f"the row(s) before it at chain position {missing} "
                                                                  "are missing (deleted)"))
        if row_hash(row) != row["row_hash"]:
            return Verdict(count, previous, Break(row["id"], seq, "its content does not match its hash (edited)"))
        if row["prev_hash"] != previous:
            return Verdict(count, previous, Break(row["id"], seq, "it does not link to the row before it "
                                                                  "(that row was replaced, or this one moved)"))
        previous, expected_seq = row["row_hash"], seq + 1
    return Verdict(count, previous, None)
