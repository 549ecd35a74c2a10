"""Private files: a file whose transaction does not commit is removed, and the orphan sweep removes
files no row names once they are older than the grace period (a killed worker's leftovers)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from claims import evidence, private_files
from claims.extensions import db
from claims.models import BulkLetterJob, ClaimDocument, EvidenceFile
from tests.sample_files import make_pdf

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
OLD = NOW - private_files.SWEEP_GRACE - timedelta(minutes=1)
YOUNG = NOW - private_files.SWEEP_GRACE + timedelta(minutes=1)
UNNAMED_YOUNG = "4" * 32


def _store_evidence() -> EvidenceFile:
    return evidence.store(evidence.check_upload("letter.pdf", make_pdf(), max_bytes=10_000_000))


def _files(config_key: str) -> set[str]:
    return {path.name for path in private_files.folder(config_key).iterdir()}


def _age(config_key: str, name: str, when: datetime) -> str:
    os.utime(private_files.folder(config_key) / name, (when.timestamp(), when.timestamp()))
    return name


def test_a_file_is_kept_when_its_row_commits_and_removed_when_it_rolls_back(app):
    kept = _store_evidence()
    db.session.commit()
    dropped = _store_evidence()
    assert {kept.stored_name, dropped.stored_name} <= _files("EVIDENCE_DIR")
    db.session.rollback()
    assert _files("EVIDENCE_DIR") == {kept.stored_name}


def test_a_file_is_removed_when_the_session_closes_without_a_commit(app):
    name = _store_evidence().stored_name
    db.session.remove()  # the end of a request that failed before committing
    assert name not in _files("EVIDENCE_DIR")


def test_a_savepoint_commit_does_not_keep_files_whose_transaction_then_rolls_back(app):
    with db.session.begin_nested():
        name = _store_evidence().stored_name
    db.session.rollback()
    assert name not in _files("EVIDENCE_DIR")


def test_the_sweep_removes_only_old_files_that_no_row_names(app, make_claim, make_user):
    claim = make_claim()
    staff = make_user()
    named = _store_evidence().stored_name
    document = private_files.write("DOCUMENTS_DIR", b"letter")
    db.session.add(ClaimDocument(claim_id=claim.id, kind="acknowledgement", version=1, title="Letter",
                                 stored_name=document, sha256="0" * 64, size_bytes=6, template_sha256="0" * 64))
    zip_name = private_files.write("DOCUMENTS_DIR", b"zip", prefix="bulk-", suffix=".zip")
    db.session.add(BulkLetterJob(defendant_name="Council", claim_ids="", total=0, zip_name=zip_name,
                                 created_by_id=staff.id))
    db.session.commit()
    beside = f"{document}.html"  # nothing is kept beside a stored file: a row must name it exactly
    (private_files.folder("DOCUMENTS_DIR") / beside).write_bytes(b"<p>letter</p>")
    orphans = {("DOCUMENTS_DIR", beside), ("EVIDENCE_DIR", "0" * 32), ("DOCUMENTS_DIR", "1" * 32), ("DOCUMENTS_DIR", "bulk-" + "2" * 32 + ".zip"),
               ("EVIDENCE_DIR", "3" * 32 + ".part")}
    others = {("EVIDENCE_DIR", UNNAMED_YOUNG), ("DOCUMENTS_DIR", UNNAMED_YOUNG), ("EVIDENCE_DIR", "notes.txt")}
    for key, name in orphans | others:
        (private_files.folder(key) / name).write_bytes(b"left behind")
    for key, name in orphans | {("EVIDENCE_DIR", named), ("DOCUMENTS_DIR", document), ("DOCUMENTS_DIR", zip_name),
                                ("EVIDENCE_DIR", "notes.txt")}:
        _age(key, name, OLD)
    _age("EVIDENCE_DIR", UNNAMED_YOUNG, YOUNG)
    _age("DOCUMENTS_DIR", UNNAMED_YOUNG, YOUNG)

    assert private_files.sweep_orphans(now=NOW, batch_size=2) == len(orphans)
    assert _files("EVIDENCE_DIR") == {named, UNNAMED_YOUNG, "notes.txt"}  # not a name the app makes: not ours
    assert _files("DOCUMENTS_DIR") == {document, zip_name, UNNAMED_YOUNG}
    assert private_files.sweep_orphans(now=NOW) == 0


CRASH = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from tests.conftest import make_test_app
    from tests.sample_files import make_pdf
    from claims import evidence

    app = make_test_app(sys.argv[1], Path(sys.argv[2]))
    with app.app_context():
        item = evidence.store(evidence.check_upload("letter.pdf", make_pdf(), max_bytes=10_000_000))
        print(item.stored_name, flush=True)
        os._exit(9)  # killed after the file is written and the row flushed, before the commit
""")


def test_the_sweep_deletes_nothing_while_no_row_names_any_file(app):
    orphan = _age("EVIDENCE_DIR", private_files.write("EVIDENCE_DIR", b"evidence"), OLD)
    db.session.commit()
    assert private_files.sweep_orphans(now=NOW) == 0  # the wrong database, or a new one: touch nothing
    assert _files("EVIDENCE_DIR") == {orphan}


def test_a_worker_killed_between_the_write_and_the_commit_leaves_nothing_after_the_sweep(app, tmp_path):
    assert Path(app.config["EVIDENCE_DIR"]) == tmp_path / "evidence"
    kept = _store_evidence().stored_name
    db.session.commit()
    killed = subprocess.run([sys.executable, "-c", CRASH, app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path)],
                            capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert killed.returncode == 9, killed.stderr
    name = killed.stdout.strip()
    assert _files("EVIDENCE_DIR") == {kept, name}  # the crash left the file with no row
    assert db.session.scalar(select(func.count(EvidenceFile.id))) == 1

    assert private_files.sweep_orphans(now=datetime.fromtimestamp(
        (tmp_path / "evidence" / name).stat().st_mtime, timezone.utc)) == 0  # still within the grace period
    _age("EVIDENCE_DIR", name, OLD)
    assert private_files.sweep_orphans(now=NOW) == 1
    assert _files("EVIDENCE_DIR") == {kept}
