"""Backups: ``flask backup`` writes one encrypted archive; ``flask restore`` puts it back and verifies it.

An archive is a tar stream of the database, every file in ``EVIDENCE_DIR`` and ``DOCUMENTS_DIR``
(``files/<setting>/<name>``) and, last, ``manifest.json``: the database kind, its Alembic revision,
the row count of every table, and the size and SHA-256 of every other member. The database is
``database.sqlite3`` (a consistent copy of the live file, WAL and all, made by SQLite's online backup
API, row counts read from that copy) or ``database.pgdump`` (pg_dump's custom format, taken in the
same exported snapshot as the row counts; pg_dump must be on ``PATH`` and of the server's major version).

The archive holds special category data, so it is only ever written sealed: AES-256-GCM in 1 MiB
chunks (the STREAM construction: each chunk's nonce is its number and whether it is the last, so a
chunk changed, swapped, dropped or cut off is refused), under a key derived by HKDF from
``BACKUP_KEY`` (claims.config) and a random salt of the archive's own. The header carries a
fingerprint of ``BACKUP_KEY`` (an HMAC, revealing nothing of it), so a wrong key is told apart from a
damaged archive. The header is authenticated with every chunk.

Restoring refuses a database holding any row, or file folders holding any file, unless ``force``;
reads the whole archive once to authenticate it before anything is touched; unpacks it into a private
temporary folder (``TMPDIR``) and checks every member against the manifest; replaces the database
(SQLite: the backup API copies into the configured file; PostgreSQL: the tables are dropped and
pg_restore runs in one transaction); moves the files into place; and verifies the result: the files'
SHA-256 sums, every table's row count and the Alembic revision must all match the manifest.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import Connection

from claims.extensions import db
from claims.private_files import FOLDERS, folder

MAGIC = b"BCBACKUP"
FORMAT = 1
CHUNK = 1 << 20
TAG = 16
SALT = 16
HEADER_SIZE = len(MAGIC) + 1 + 8 + SALT
MANIFEST = "manifest.json"
SQLITE_MEMBER, PG_MEMBER = "database.sqlite3", "database.pgdump"
_FILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}")


class BackupError(RuntimeError):
    """The backup or restore cannot go ahead, or did not verify; the message says why."""


# --- sealing ---------------------------------------------------------------------------------------

def key_fingerprint(key: bytes) -> bytes:
    return hmac.new(key, b"breach-claims backup key fingerprint", hashlib.sha256).digest()[:8]


def _chunk_cipher(key: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"breach-claims backup v1").derive(key))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class _SealedWriter:
    """A write-only stream that seals what it is given into ``out``; ``finish`` writes the last chunk."""

    def __init__(self, out: BinaryIO, key: bytes):
        salt = os.urandom(SALT)
        self._header = MAGIC + bytes([FORMAT]) + key_fingerprint(key) + salt
        self._cipher = _chunk_cipher(key, salt)
        self._out, self._buffer, self._index = out, bytearray(), 0
        out.write(self._header)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # strictly more: the last chunk is never empty unless all is
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        self._out.write(self._cipher.encrypt(_nonce(self._index, last), plain, self._header))
        self._index += 1


def _read_header(stream: BinaryIO, key: bytes) -> bytes:
    header = stream.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        raise BackupError("This is not a Breach claims backup archive.")
    if header[len(MAGIC)] != FORMAT:
        raise BackupError(f"The archive is in format {header[len(MAGIC)]}, which this version cannot read.")
    if not hmac.compare_digest(header[len(MAGIC) + 1:len(MAGIC) + 9], key_fingerprint(key)):
        raise BackupError("BACKUP_KEY is not the key this archive was made with: nothing was restored.")
    return header


def _opened_chunks(stream: BinaryIO, key: bytes) -> Iterator[bytes]:
    """The plain chunks of a sealed stream, each authenticated; raises BackupError at the first bad one."""
    header = _read_header(stream, key)
    cipher = _chunk_cipher(key, header[-SALT:])
    index, block = 0, _read_fully(stream, CHUNK + TAG)
    while True:
        following = _read_fully(stream, CHUNK + TAG) if len(block) == CHUNK + TAG else b""
        last = not following
        try:
            yield cipher.decrypt(_nonce(index, last), block, header)
        except InvalidTag:
            raise BackupError("The archive is damaged or has been altered: nothing was restored.") from None
        if last:
            return
        index, block = index + 1, following


def _read_fully(stream: BinaryIO, size: int) -> bytes:
    parts, wanted = [], size
    while wanted and (part := stream.read(wanted)):
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


class _OpenedReader:
    """A read-only stream over ``_opened_chunks`` (for tarfile's streaming mode)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._buffer = chunks, bytearray()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        size = len(self._buffer) if size < 0 else size
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


# --- the database ----------------------------------------------------------------------------------

def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _execute(conn, sql: str):
    """Run ``sql`` on a sqlite3 connection or a SQLAlchemy one."""
    return conn.execute(sql) if isinstance(conn, sqlite3.Connection) else conn.execute(text(sql))


def _on_sqlite(conn) -> bool:
    return isinstance(conn, sqlite3.Connection) or conn.dialect.name == "sqlite"


def _table_names(conn) -> list[str]:
    """Every table of the app's database (SQLite's main file; PostgreSQL's current schema)."""
    sql = ("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'" if _on_sqlite(conn)
           else "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
    return sorted(row[0] for row in _execute(conn, sql))


def _scalar(conn, sql: str):
    return _execute(conn, sql).fetchone()[0]


def row_counts(conn) -> dict[str, int]:
    """{table: rows} for every table (a sqlite3 connection or a SQLAlchemy one)."""
    return {name: int(_scalar(conn, f"SELECT count(*) FROM {_quoted(name)}")) for name in _table_names(conn)}


def alembic_revision(conn) -> str | None:
    if "alembic_version" not in _table_names(conn):
        return None
    return ",".join(sorted(row[0] for row in _execute(conn, "SELECT version_num FROM alembic_version"))) or None


def _holds_rows(conn) -> list[str]:
    return [name for name in _table_names(conn) if name != "alembic_version"
            and _scalar(conn, f"SELECT count(*) FROM (SELECT 1 FROM {_quoted(name)} LIMIT 1) AS one")]


def _is_sqlite() -> bool:
    return db.engine.url.get_backend_name() == "sqlite"


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("Backups need a SQLite database in a file, named by its path in DATABASE_URL.")
    return Path(database)


def _dump_sqlite(work: Path) -> tuple[str, dict[str, int], str | None]:
    target = work / SQLITE_MEMBER
    with closing(sqlite3.connect(_sqlite_path())) as live, closing(sqlite3.connect(target)) as copy:
        live.execute("PRAGMA busy_timeout = 5000")
        live.backup(copy)  # a consistent snapshot, committed WAL frames included
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        return SQLITE_MEMBER, row_counts(copy), alembic_revision(copy)


def _libpq(conn: Connection) -> tuple[str, dict[str, str]]:
    """pg_dump/pg_restore's --dbname for the app's database, and an environment carrying the password
    (never on the command line, where other users of the machine could read it)."""
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _pg_tool(name: str, conn: Connection) -> str:
    path = shutil.which(name)
    server = int(_scalar(conn, "SHOW server_version_num")) // 10000
    if path is None:
        raise BackupError(f"{name} is not on PATH: install the PostgreSQL {server} client tools "
                          f"(Debian: postgresql-client-{server}).")
    found = re.search(r"\)\s*(\d+)", subprocess.run([path, "--version"], capture_output=True, text=True).stdout)
    tool = int(found[1]) if found else None
    if tool != server:
        raise BackupError(f"{path} is version {tool} but the database server is PostgreSQL {server}: put the "
                          f"PostgreSQL {server} client tools first on PATH.")
    return path


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()[-2000:]}")


def _dump_postgresql(work: Path) -> tuple[str, dict[str, int], str | None]:
    target = work / PG_MEMBER
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            snapshot = _scalar(conn, "SELECT pg_export_snapshot()")
            counts, revision = row_counts(conn), alembic_revision(conn)
            dbname, env = _libpq(conn)
            _run([_pg_tool("pg_dump", conn), "--format=custom", f"--snapshot={snapshot}", f"--file={target}",
                  f"--dbname={dbname}"], env, "pg_dump")
    return PG_MEMBER, counts, revision


# --- backing up ------------------------------------------------------------------------------------

def _key() -> bytes:
    key = current_app.config.get("BACKUP_KEY")
    if not key:
        raise BackupError("BACKUP_KEY is not set: backups are always encrypted (README, \"Backups\").")
    return key


def _private_files() -> Iterator[tuple[str, Path]]:
    """(member name, path) of every file in the private folders (partial writes left out)."""
    for setting in FOLDERS:
        directory = folder(setting)
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False) and not entry.name.endswith(".part"):
                yield f"files/{setting}/{entry.name}", Path(entry.path)


class _Hashing:
    def __init__(self, stream: BinaryIO):
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path, manifest: dict) -> None:
    with open(path, "rb") as stream:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = os.fstat(stream.fileno()).st_size, 0o600, int(os.path.getmtime(path))
        hashing = _Hashing(stream)
        tar.addfile(info, hashing)
    manifest["members"][name] = {"size": info.size, "sha256": hashing.sha256.hexdigest()}


def make_backup(directory: Path, *, now: datetime) -> tuple[Path, dict]:
    """Write an archive into ``directory``; returns its path and manifest."""
    key = _key()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    archive = directory / f"breach-claims-{now:%Y%m%d-%H%M%S}Z.backup"
    partial = archive.with_name(archive.name + ".part")
    with tempfile.TemporaryDirectory(prefix="breach-backup-") as work:
        member, counts, revision = (_dump_sqlite if _is_sqlite() else _dump_postgresql)(Path(work))
        manifest = {"format": FORMAT, "made_at": now.isoformat(), "database": "sqlite" if _is_sqlite() else "postgresql",
                    "alembic_revision": revision, "row_counts": counts, "members": {}}
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                sealed = _SealedWriter(out, key)
                with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    _add(tar, member, Path(work) / member, manifest)
                    for name, path in _private_files():
                        _add(tar, name, path, manifest)
                    body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mode, info.mtime = len(body), 0o600, int(now.timestamp())
                    tar.addfile(info, _Bytes(body))
                sealed.finish()
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return archive, manifest


class _Bytes:
    def __init__(self, data: bytes):
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        data, self._at = self._data[self._at:end], min(end, len(self._data))
        return data


# --- restoring -------------------------------------------------------------------------------------

@dataclass
class Restored:
    tables: int
    rows: int
    files: int
    revision: str | None


def _occupied() -> list[str]:
    """What a restore would overwrite: tables holding rows, folders holding files."""
    if _is_sqlite():
        path = _sqlite_path()
        with closing(sqlite3.connect(path)) as conn:
            found = _holds_rows(conn)
    else:
        with db.engine.connect() as conn:
            found = _holds_rows(conn)
    found = [f"table {name}" for name in found]
    for setting in FOLDERS:
        if any(entry.is_file(follow_symlinks=False) for entry in os.scandir(folder(setting))):
            found.append(f"{setting} ({folder(setting)})")
    return found


def _unpack(stream: BinaryIO, key: bytes, work: Path) -> dict:
    """Unpack into ``work`` every member the manifest names, checked by size and SHA-256; returns the manifest."""
    sums: dict[str, str] = {}
    with tarfile.open(fileobj=_OpenedReader(_opened_chunks(stream, key)), mode="r|") as tar:
        for member in tar:
            if not member.isfile() or not _allowed_member(member.name) or member.name in sums:
                raise BackupError(f"The archive holds an unexpected entry ({member.name!r}): nothing was restored.")
            target = work / member.name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            sha256 = hashlib.sha256()
            with tar.extractfile(member) as source, open(target, "xb") as out:
                while block := source.read(CHUNK):
                    sha256.update(block)
                    out.write(block)
            sums[member.name] = sha256.hexdigest()
    if MANIFEST not in sums:
        raise BackupError("The archive has no manifest: nothing was restored.")
    manifest = json.loads((work / MANIFEST).read_text())
    del sums[MANIFEST]
    expected = {name: entry["sha256"] for name, entry in manifest["members"].items()}
    if sums != expected:
        wrong = sorted(set(sums) ^ set(expected) | {n for n in sums if sums[n] != expected.get(n)})
        raise BackupError(f"The archive does not match its manifest ({len(wrong)} member(s)): nothing was restored.")
    return manifest


def _allowed_member(name: str) -> bool:
    if name in (MANIFEST, SQLITE_MEMBER, PG_MEMBER):
        return True
    parts = name.split("/")
    return len(parts) == 3 and parts[0] == "files" and parts[1] in FOLDERS and bool(_FILE_NAME.fullmatch(parts[2]))


def restore(archive: Path, *, force: bool = False) -> Restored:
    """Replace the database and the private files with the archive's, then verify; see the module docstring."""
    key = _key()
    with open(archive, "rb") as stream:
        _read_header(stream, key)  # the wrong key is told at once
        if not force and (occupied := _occupied()):
            raise BackupError("Refusing to restore over data: " + "; ".join(occupied)
                              + ". Restore into an empty database and folders, or add --force to replace them.")
        stream.seek(0)
        for _ in _opened_chunks(stream, key):  # authenticate all of it before anything is touched
            pass
        stream.seek(0)
        with tempfile.TemporaryDirectory(prefix="breach-restore-") as work:
            manifest = _unpack(stream, key, Path(work))
            database = manifest["database"]
            if database != ("sqlite" if _is_sqlite() else "postgresql"):
                raise BackupError(f"The archive holds a {database} database; DATABASE_URL names another kind.")
            db.session.remove()
            db.engine.dispose()
            (_restore_sqlite if _is_sqlite() else _restore_postgresql)(Path(work), force=force)
            _place_files(Path(work), manifest)
    db.engine.dispose()
    return _verify(manifest)


def _restore_sqlite(work: Path, *, force: bool) -> None:
    path = _sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(work / SQLITE_MEMBER)) as source, closing(sqlite3.connect(path)) as target:
        target.execute("PRAGMA busy_timeout = 5000")
        source.backup(target)  # replaces every page of the target, in one transaction
        target.execute("PRAGMA journal_mode = WAL")


def _restore_postgresql(work: Path, *, force: bool) -> None:
    with db.engine.connect() as conn:
        tool = _pg_tool("pg_restore", conn)
        dbname, env = _libpq(conn)
        if tables := _table_names(conn):  # --force, or an empty schema made by flask db upgrade
            conn.execute(text("DROP TABLE " + ", ".join(_quoted(name) for name in tables) + " CASCADE"))
        # The schema's own functions too (the audit trail's append-only trigger function): the dump makes them again.
        for function in conn.scalars(text("SELECT p.oid::regprocedure::text FROM pg_proc p "
                                          "WHERE p.pronamespace = 'public'::regnamespace")):
            conn.execute(text(f"DROP FUNCTION IF EXISTS {function} CASCADE"))
        conn.commit()
    _run([tool, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", f"--dbname={dbname}",
          str(work / PG_MEMBER)], env, "pg_restore")


def _place_files(work: Path, manifest: dict) -> None:
    for setting in FOLDERS:
        directory = folder(setting)
        for entry in os.scandir(directory):  # only --force reaches here with files present
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        source = work / "files" / setting
        if source.is_dir():
            for path in source.iterdir():
                shutil.move(path, directory / path.name)
                os.chmod(directory / path.name, 0o600)


def _verify(manifest: dict) -> Restored:
    """The restored database and files against the manifest; BackupError lists what differs."""
    problems = []
    with db.engine.connect() as conn:
        counts, revision = row_counts(conn), alembic_revision(conn)
    if counts != manifest["row_counts"]:
        differ = sorted(name for name in set(counts) | set(manifest["row_counts"])
                        if counts.get(name) != manifest["row_counts"].get(name))
        problems.append("row counts differ in " + ", ".join(differ))
    if revision != manifest["alembic_revision"]:
        problems.append(f"Alembic revision is {revision}, the archive's is {manifest['alembic_revision']}")
    files = 0
    for name, entry in manifest["members"].items():
        if name.startswith("files/"):
            _, setting, file_name = name.split("/")
            path = folder(setting) / file_name
            if not path.is_file() or _sha256(path) != entry["sha256"]:
                problems.append(f"{setting}/{file_name} is missing or differs")
            files += 1
    if problems:
        raise BackupError("The restore did not verify: " + "; ".join(problems))
    return Restored(tables=len(counts), rows=sum(counts.values()), files=files, revision=revision)


def _sha256(path: Path) -> str:
    sha256 = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK):
            sha256.update(block)
    return sha256.hexdigest()
