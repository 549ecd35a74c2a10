"""`flask backup` and `flask restore` (claims/backup.py) on the suite's database, SQLite or PostgreSQL.

A database with claims, evidence and a document is backed up, restored into a fresh database and
fresh folders, and compared; a tampered, cut-off or wrongly keyed archive is refused with nothing
restored; a database holding rows is replaced only with --force.
"""
from __future__ import annotations

import io
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from claims import backup, private_files
from claims.extensions import db
from claims.models import Claim, EvidenceFile
from tests.claimant import Claimant
from tests.conftest import make_test_app
from tests.sample_files import make_pdf
from tests.scratch_db import scratch_database

KEY = secrets.token_bytes(32)
NAME = "Quillon Marchbanks"
POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql"))


@pytest.fixture
def source(app, client, default_team, make_claim):
    """The suite's database holding two claims, one with evidence, and a generated document file."""
    app.config["BACKUP_KEY"] = KEY
    claimant = Claimant(client)
    claimant.complete(pages={"about-you": {"first_name": "Quillon", "last_name": "Marchbanks"}})
    assert claimant.upload(("letter.pdf", make_pdf(padding=3000))).status_code == 302
    claimant.submit()
    make_claim()
    private_files.write("DOCUMENTS_DIR", b"PK\x03\x04 a letter of claim", suffix=".docx")
    db.session.commit()
    return app


@contextmanager
def fresh(tmp_path: Path, key: bytes | None = KEY):
    """An app on a new, empty database (not migrated) with empty folders of its own."""
    with scratch_database(os.environ.get("DATABASE_URL", ""), tmp_path, "breach_restore") as url:
        other = make_test_app(url, tmp_path / "fresh", BACKUP_KEY=key)
        try:
            yield other
        finally:
            with other.app_context():
                db.session.remove()
                db.engine.dispose()


def _cli(app, *args):
    """Run a command in ``app`` (a command runs in the app whose context is current: the suite's, else)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _back_up(app, tmp_path) -> Path:
    result = _cli(app, "backup", str(tmp_path / "backups"))
    assert result.exit_code == 0, result.output
    [archive] = (tmp_path / "backups").iterdir()
    assert archive.name.endswith(".backup") and oct(archive.stat().st_mode & 0o777) == "0o600"
    return archive


def _state(app) -> dict:
    """What a restore must reproduce: every table's rows, the claims, the files' bytes."""
    with app.app_context(), db.engine.connect() as conn:
        counts, revision = backup.row_counts(conn), backup.alembic_revision(conn)
        claims = sorted((c.reference, c.status, c.claimant.last_name)
                        for c in db.session.scalars(select(Claim)))
        files = {key: {p.name: p.read_bytes() for p in private_files.folder(key).iterdir()}
                 for key in private_files.FOLDERS}
        evidence = [(e.original_name, e.stored_name) for e in db.session.scalars(select(EvidenceFile))]
        db.session.remove()
    return {"counts": counts, "revision": revision, "claims": claims, "files": files, "evidence": evidence}


def test_a_backup_restores_into_a_fresh_database_and_folders_as_it_was(source, tmp_path):
    before = _state(source)
    assert before["counts"]["claims"] == 2 and before["revision"] and len(before["files"]["EVIDENCE_DIR"]) == 1
    assert "Marchbanks" in {last_name for _, _, last_name in before["claims"]}
    archive = _back_up(source, tmp_path)
    sealed = archive.read_bytes()
    evidence_bytes = next(iter(before["files"]["EVIDENCE_DIR"].values()))
    assert NAME.split()[1].encode() not in sealed and evidence_bytes[:200] not in sealed  # encrypted
    assert b"Marchbanks" not in sealed and b"%PDF" not in sealed and b"manifest" not in sealed

    with fresh(tmp_path) as restored:
        result = _cli(restored, "restore", str(archive))
        assert result.exit_code == 0, result.output
        assert f"Restored and verified: {len(before['counts'])} tables" in result.output
        assert _state(restored) == before
        with restored.app_context():
            evidence_dir = Path(restored.config["EVIDENCE_DIR"])
            assert evidence_dir != Path(source.config["EVIDENCE_DIR"])
            assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in evidence_dir.iterdir())
    assert _state(source) == before  # the source is untouched


def test_restoring_over_data_needs_force_and_then_replaces_it(source, tmp_path):
    archive = _back_up(source, tmp_path)
    before = _state(source)
    with fresh(tmp_path) as restored:
        assert _cli(restored, "restore", str(archive)).exit_code == 0
        with restored.app_context():
            private_files.write("EVIDENCE_DIR", b"added after the restore")
            db.session.commit()
            extra = len(list(private_files.folder("EVIDENCE_DIR").iterdir()))
        refused = _cli(restored, "restore", str(archive))
        assert refused.exit_code != 0 and "Refusing to restore over data" in refused.output
        assert "table claims" in refused.output and "EVIDENCE_DIR" in refused.output and "--force" in refused.output
        with restored.app_context():
            assert len(list(private_files.folder("EVIDENCE_DIR").iterdir())) == extra == 2
        forced = _cli(restored, "restore", "--force", str(archive))
        assert forced.exit_code == 0, forced.output
        assert _state(restored) == before  # the file added since is gone, as in the backup


def _nothing_restored(app) -> None:
    with app.app_context(), db.engine.connect() as conn:
        assert backup.row_counts(conn) == {}
        assert all(not any(private_files.folder(key).iterdir()) for key in private_files.FOLDERS)
        db.session.remove()


@pytest.mark.parametrize("damage", ["flip a byte", "cut the end off", "drop a chunk", "add a byte"])
def test_a_tampered_archive_is_refused_and_nothing_is_restored(source, tmp_path, damage, monkeypatch):
    monkeypatch.setattr(backup, "CHUNK", 4096)  # several chunks from a small database
    archive = _back_up(source, tmp_path)
    data = bytearray(archive.read_bytes())
    step = 4096 + backup.TAG
    assert len(data) > backup.HEADER_SIZE + 3 * step
    if damage == "flip a byte":
        data[len(data) // 2] ^= 0x01
    elif damage == "cut the end off":
        del data[backup.HEADER_SIZE + 2 * step:]  # at a chunk boundary: every chunk left is whole
    elif damage == "drop a chunk":
        del data[backup.HEADER_SIZE + step:backup.HEADER_SIZE + 2 * step]
    else:
        data += b"\x00"
    archive.write_bytes(bytes(data))
    with fresh(tmp_path) as restored:
        result = _cli(restored, "restore", str(archive))
        assert result.exit_code != 0 and "damaged or has been altered: nothing was restored" in result.output
        _nothing_restored(restored)


def test_the_wrong_key_is_refused_and_nothing_is_restored(source, tmp_path):
    archive = _back_up(source, tmp_path)
    with fresh(tmp_path, key=secrets.token_bytes(32)) as restored:
        result = _cli(restored, "restore", str(archive))
        assert result.exit_code != 0 and "BACKUP_KEY is not the key this archive was made with" in result.output
        _nothing_restored(restored)


def test_no_backup_is_written_without_a_key(app, tmp_path):
    result = _cli(app, "backup", str(tmp_path / "backups"))
    assert result.exit_code != 0 and "BACKUP_KEY is not set" in result.output
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_a_file_that_is_not_an_archive_is_refused(app, tmp_path):
    app.config["BACKUP_KEY"] = KEY
    (tmp_path / "x.backup").write_bytes(b"SQLite format 3\x00" + bytes(100))
    result = _cli(app, "restore", str(tmp_path / "x.backup"))
    assert result.exit_code != 0 and "not a Breach claims backup archive" in result.output


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 * 4096])
def test_sealing_round_trips_across_chunk_boundaries(monkeypatch, size):
    monkeypatch.setattr(backup, "CHUNK", 4096)
    plain = secrets.token_bytes(size)
    out = io.BytesIO()
    writer = backup._SealedWriter(out, KEY)
    for start in range(0, size, 1000):
        writer.write(plain[start:start + 1000])
    writer.finish()
    assert b"".join(backup._opened_chunks(io.BytesIO(out.getvalue()), KEY)) == plain
    if size > 4096:  # the same stream cut after its first chunk is refused, not read as shorter
        cut = out.getvalue()[:backup.HEADER_SIZE + 4096 + backup.TAG]
        with pytest.raises(backup.BackupError, match="damaged or has been altered"):
            b"".join(backup._opened_chunks(io.BytesIO(cut), KEY))


def test_two_archives_of_the_same_data_share_no_ciphertext():
    sealed = []
    for _ in range(2):
        out = io.BytesIO()
        writer = backup._SealedWriter(out, KEY)
        writer.write(b"the same bytes" * 100)
        writer.finish()
        sealed.append(out.getvalue())
    assert sealed[0][:17] == sealed[1][:17] and sealed[0][backup.HEADER_SIZE:] != sealed[1][backup.HEADER_SIZE:]


@pytest.mark.skipif(not POSTGRESQL, reason="pg_dump is for PostgreSQL")
def test_a_pg_dump_of_another_version_is_refused_with_the_reason(source, tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    result = _cli(source, "backup", str(tmp_path / "backups"))
    assert result.exit_code != 0 and "is version 9 but the database server is PostgreSQL" in result.output
    assert not any((tmp_path / "backups").iterdir())

