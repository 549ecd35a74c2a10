"""The audit trail exported as CSV: UTF-8 with a byte order mark, one row per event, timestamps in UTC
(ISO 8601) and the chain fields, so an export can be checked against ``flask audit verify``.

Every text cell is made inert for spreadsheets (``claims.domain.caseload.inert_cell``): a value starting
= + - @, a tab or a carriage return gets a leading apostrophe and is never read as a formula.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from claims.domain.caseload import inert_cell

HEADER = ("Id", "Chain position", "When (UTC)", "User id", "User", "Actor", "Action", "Entity", "Entity id",
          "Claim", "IP address", "Details", "Row hash")


def as_csv(rows: Iterable) -> tuple[bytes, int]:
    """The rows (``claims.audit_log.queries.export_rows``) as CSV bytes, and how many there were."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        event = row.AuditEvent
        cells = (event.id, event.seq, event.occurred_at.isoformat() if event.occurred_at else "", event.user_id,
                 row.user_name, event.actor, event.action, event.entity_type, event.entity_id, row.reference,
                 event.ip_address, json.dumps(event.details or {}, sort_keys=True, ensure_ascii=False),
                 event.row_hash)
        writer.writerow(["" if cell is None else inert_cell(cell) for cell in cells])
        count += 1
    return out.getvalue().encode("utf-8"), count
