"""Files the app keeps outside the web root (claimants' evidence, generated letters, bulk zips).

Each kind has a folder named by a configuration key, made on first use and readable by the
app's own user only; files are written under random names, so a name reveals nothing and
cannot be guessed. The rows that point at them live with their feature (``REFERENCES``).

No file outlives the transaction that should have recorded it:

- ``write`` puts the bytes under a temporary name (``….part``) and renames them into place
  only once complete, so a worker killed mid-write never leaves a half file under a real name.
- Each name written is tied to the database session's transaction. If that transaction rolls
  back or is closed without a commit (an error, a failed validation), the files go with it;
  once it commits, they stay.
- A worker killed between the write and the commit runs none of that: its files are left
  with no row. ``sweep_orphans`` (a periodic job, claims.jobs) deletes any file in the folders
  that no row names and that is older than a grace period, so an upload still in flight is
  never touched. It only touches names ``write`` makes, and sweeps nothing while no row names
  any file at all: a worker pointed at the wrong database or folder must not empty the store.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from claims.extensions import db
from claims.models import BulkLetterJob, ClaimDocument, EvidenceFile

log = logging.getLogger(__name__)

FOLDERS = ("EVIDENCE_DIR", "DOCUMENTS_DIR")
# Every column that names a file in one of the folders; a file no row names exactly is an orphan.
REFERENCES = (EvidenceFile.stored_name, ClaimDocument.stored_name, BulkLetterJob.zip_name)
SWEEP_GRACE = timedelta(hours=1)
_OUR_NAME = re.compile(r"(?:[a-z]+-)?[0-9a-f]{32}(?:\.[a-z0-9]+)*")  # write()'s names, .part included
_UNCOMMITTED = "private_files.uncommitted"  # key in Session.info: paths written in this transaction


def folder(config_key: str) -> Path:
    """The folder for ``config_key`` (e.g. "EVIDENCE_DIR"), created on first use."""
    directory = Path(current_app.config[config_key])
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def write(config_key: str, data: bytes, *, prefix: str = "", suffix: str = "") -> str:
    """Write ``data`` under a new random name in the folder; returns the name.

    The file is removed again if the current database transaction does not commit.
    """
    name = f"{prefix}{secrets.token_hex(16)}{suffix}"
    path = folder(config_key) / name
    partial = path.with_name(name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)
    db.session.info.setdefault(_UNCOMMITTED, []).append(path)
    return name


@event.listens_for(Session, "after_commit")
def _keep_committed_files(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's commit is not the end of it
        session.info.pop(_UNCOMMITTED, None)


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted_files(session: Session, transaction) -> None:
    if transaction.parent is None:
        for path in session.info.pop(_UNCOMMITTED, ()):
            path.unlink(missing_ok=True)


def sweep_orphans(*, now: datetime, grace: timedelta = SWEEP_GRACE, batch_size: int = 1000) -> int:
    """Delete files in the private folders that no row names and older than ``grace``; returns how many."""
    if not any(db.session.scalar(select(column).where(column.is_not(None)).limit(1)) for column in REFERENCES):
        log.warning("orphan sweep skipped: no row names any file (is this the right database?)")
        return 0
    cutoff = (now - grace).timestamp()
    removed = 0
    for directory in {folder(key).resolve() for key in FOLDERS}:
        for batch in _batches(_files_older_than(directory, cutoff), batch_size):
            named = _named(entry.name for entry in batch)
            for entry in batch:
                if entry.name not in named:
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
    log.info("orphan sweep: removed %d file(s)", removed)  # counts only: names are claimants' files
    return removed


def _files_older_than(directory: Path, cutoff: float) -> Iterator[os.DirEntry]:
    with os.scandir(directory) as entries:
        for entry in entries:
            if (_OUR_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                yield entry


def _named(names: Iterable[str]) -> set[str]:
    """Which of these file names some row names."""
    candidates = set(names)
    found = set()
    for column in REFERENCES:
        found.update(db.session.scalars(select(column).where(column.in_(candidates))))
    return found


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
