"""The precedent table and inflation index: import a checked file as a new version, roll back, read.

A file is read (``files``), checked (``schema`` for the file, the valuation core's
``load_precedent_frame`` for each precedent row) and, only if nothing is wrong,
written as a new numbered set that becomes the active one. Rolling back makes an earlier
set active again. Sets are never edited or deleted. Every change is audited. These
functions flush; the view or command commits, so a refused file leaves nothing behind.

The valuation core reads the active data through ``active_precedent_rows`` and
``active_cpi_rows`` (plain dicts, cached for the request).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from flask import g, has_app_context, has_request_context
from flask_login import current_user
from sqlalchemy import func, select, update

from claims import audit
from claims.clock import uk_today
from claims.evidence import sanitise_filename
from claims.domain.valuation import load_precedent_frame
from claims.extensions import db
from claims.models import InflationIndex, InflationSet, Precedent, PrecedentSet
from claims.models._types import utcnow
from claims.valuation import schema
from claims.valuation.files import RejectedFile, read_table
from claims.valuation.schema import Checked, RowError

DATA_DIR = Path(__file__).parent / "data"
MAX_FILE_BYTES = 2 * 1024 * 1024
PRECEDENT_FIELDS = tuple(column.key for column in Precedent.__table__.columns if column.key not in ("id", "set_id"))


@dataclass(frozen=True)
class Dataset:
    """One kind of versioned reference table."""

    kind: str  # "precedents" or "inflation": audit action prefix and URL segment
    title: str
    set_model: type
    row_model: type
    columns: tuple[str, ...]  # every file must have these
    check: Callable[[pd.DataFrame], Checked]
    data_file: Path
    optional_columns: tuple[str, ...] = ()  # a file may have these

    @property
    def all_columns(self) -> tuple[str, ...]:
        """The columns of a downloaded version, in order."""
        return self.columns + self.optional_columns


def _checked_precedents(frame: pd.DataFrame) -> Checked:
    return check_precedents(frame, as_of=uk_today())


def check_precedents(frame: pd.DataFrame, *, as_of: date) -> Checked:
    """A precedent file: its header and cases here, every row by the valuation core, as the model's values."""
    errors = schema.precedent_file_errors(frame)
    if errors:
        return Checked(errors=errors)
    loaded = load_precedent_frame(frame, as_of=as_of)
    rows = [_stored(row) for row in loaded.frame.to_dict("records")]
    errors = loaded.errors + _blank_include(frame) + schema.repeated_cases(rows)
    return Checked(rows=rows, errors=sorted(errors, key=lambda e: e.row or 0))


def _blank_include(frame: pd.DataFrame) -> list[RowError]:
    """The core decides a blank include from the outcome and figures; an upload must say which."""
    blank = frame["include"].str.strip() == ""
    return [RowError(int(row), "include", "is empty: write true or false") for row in frame.index[blank]]


def _stored(row: dict) -> dict:
    """A clean row of the core's frame as the model's attributes (a blank verified is not verified)."""
    values = {name: _plain(row[name]) for name in PRECEDENT_FIELDS}
    values["verified"] = bool(values["verified"])
    return values


def _plain(value):
    """A pandas cell as a plain value: missing → None, Timestamp → date, numpy scalar → Python."""
    if pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if isinstance(value, np.generic) else value


def _checked_inflation(frame: pd.DataFrame) -> Checked:
    return schema.check_inflation(frame, this_year=uk_today().year)


PRECEDENTS = Dataset("precedents", "Precedents", PrecedentSet, Precedent, schema.PRECEDENT_COLUMNS,
                     _checked_precedents, DATA_DIR / "precedents.csv", schema.PRECEDENT_OPTIONAL_COLUMNS)
INFLATION = Dataset("inflation", "Inflation index", InflationSet, InflationIndex, schema.INFLATION_COLUMNS,
                    _checked_inflation, DATA_DIR / "cpi.csv")


class ImportRefused(ValueError):
    """The file was not imported; ``errors`` says why, by row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    data_set: object  # the PrecedentSet or InflationSet now active
    created: bool  # False when the file is the same as the active version


def import_file(dataset: Dataset, filename: str, data: bytes, *, note: str | None = None,
                user_id: int | None = None, max_bytes: int = MAX_FILE_BYTES) -> ImportResult:
    """Check the whole file; if all is well, add it as a new active version (unless it is the active one)."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        table = read_table(filename, data, max_bytes=max_bytes)
    except RejectedFile as exc:
        raise ImportRefused([RowError(None, None, str(exc))]) from None
    checked = dataset.check(table.frame)
    errors = sorted(table.errors + checked.errors, key=lambda e: e.row or 0)
    if errors:
        raise ImportRefused(errors)
    current = active_set(dataset)
    if current is not None and current.sha256 == sha256:
        return ImportResult(current, created=False)
    new = dataset.set_model(version=_next_version(dataset), filename=sanitise_filename(filename), sha256=sha256,
                            row_count=len(checked.rows), note=note or None, uploaded_by_id=user_id,
                            loaded_via="upload" if user_id else "command")
    new.rows = [dataset.row_model(**row) for row in checked.rows]
    db.session.add(new)
    db.session.flush()
    _make_active(dataset, new)
    _audit(dataset, "uploaded", new, rows=new.row_count, sha256=sha256[:16], via=new.loaded_via,
           replaced_version=current.version if current else None)
    return ImportResult(new, created=True)


def record_refusal(dataset: Dataset, errors: list[RowError]) -> None:
    """Audit a refused upload: how many problems, never the file's contents."""
    audit.record(f"{dataset.kind}.upload_refused", entity_type=f"{dataset.kind}_set",
                 details={"problems": len(errors), "rows_with_problems": len({e.row for e in errors if e.row})})


def activate_version(dataset: Dataset, version: int):
    """Make an earlier version active again (a rollback). Returns the set, or None if there is no such version."""
    target = get_version(dataset, version)
    if target is None or target.active:
        return target
    previous = active_set(dataset)
    _make_active(dataset, target)
    _audit(dataset, "activated", target, from_version=previous.version if previous else None)
    return target


def _make_active(dataset: Dataset, target) -> None:
    model = dataset.set_model
    db.session.execute(update(model).where(model.active.is_(True)).values(active=False))
    db.session.flush()  # the old one must be inactive before the unique index sees the new one
    target.active, target.activated_at = True, utcnow()
    db.session.flush()
    _forget_cached(dataset)


def _next_version(dataset: Dataset) -> int:
    return (db.session.scalar(select(func.max(dataset.set_model.version))) or 0) + 1


def _audit(dataset: Dataset, verb: str, data_set, **details) -> None:
    """Record a change with ids and counts only; the command line is the "system" actor."""
    signed_in = has_request_context() and current_user.is_authenticated
    audit.record(f"{dataset.kind}.{verb}", entity_type=f"{dataset.kind}_set", entity_id=data_set.id,
                 actor=None if signed_in else "system",
                 details={"version": data_set.version, **{k: v for k, v in details.items() if v is not None}})


# -- reading --------------------------------------------------------------------------------------

def active_set(dataset: Dataset):
    """The active version of a dataset, or None before anything is loaded."""
    return db.session.scalar(select(dataset.set_model).where(dataset.set_model.active.is_(True)))


def get_version(dataset: Dataset, version: int):
    return db.session.scalar(select(dataset.set_model).where(dataset.set_model.version == version))


def list_versions(dataset: Dataset) -> list:
    """Every version, newest first."""
    return list(db.session.scalars(select(dataset.set_model).order_by(dataset.set_model.version.desc())))


def active_precedent_rows(*, include_excluded: bool = False) -> list[dict]:
    """The active precedents as plain dicts (amounts in pence); by default only rows that inform a value."""
    rows = _cached(PRECEDENTS, lambda data_set: [precedent_dict(row) for row in data_set.rows])
    return rows if include_excluded else [row for row in rows if row["include"]]


def active_cpi_rows() -> list[dict]:
    """The active inflation index, oldest year first: {"year", "index" (Decimal), "source", "version"}."""
    return _cached(INFLATION, lambda data_set: [
        {"year": row.year, "index": row.index_value, "source": row.source, "version": data_set.version}
        for row in data_set.rows])


def precedent_dict(row: Precedent) -> dict:
    """One precedent as primitives, with the version of the table it came from."""
    return {"id": row.id, "version": row.set.version, **{name: getattr(row, name) for name in PRECEDENT_FIELDS}}


def _cached(dataset: Dataset, build: Callable) -> list[dict]:
    """Build once per request (or app context); empty before anything is loaded."""
    cache = g.setdefault("_valuation_data", {}) if has_app_context() else {}
    if dataset.kind not in cache:
        data_set = active_set(dataset)
        cache[dataset.kind] = build(data_set) if data_set else []
    return cache[dataset.kind]


def _forget_cached(dataset: Dataset) -> None:
    if has_app_context():
        g.get("_valuation_data", {}).pop(dataset.kind, None)


# -- the curated files shipped with the app --------------------------------------------------------

def load_curated(dataset: Dataset, path: Path | None = None) -> tuple[str, object]:
    """Load the shipped (or given) file as the active version, unless already loaded or a partner's upload is active.

    Returns (what happened, the set concerned): "loaded", "already_loaded" or "kept_upload".
    """
    path = path or dataset.data_file
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    same = db.session.scalar(select(dataset.set_model).where(dataset.set_model.sha256 == sha256)
                             .order_by(dataset.set_model.version.desc()))
    if same is not None:
        return "already_loaded", same  # a later upload or rollback is never undone by a redeploy
    current = active_set(dataset)
    if current is not None and current.loaded_via == "upload":
        return "kept_upload", current
    return "loaded", import_file(dataset, path.name, data, note=f"Loaded from {path.name}",
                                 max_bytes=max(MAX_FILE_BYTES, len(data))).data_set
