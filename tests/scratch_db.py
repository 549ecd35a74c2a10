"""A throwaway database for a test run, a migration test or the benchmark: a SQLite file,
or a new PostgreSQL database on the DATABASE_URL server that is dropped on the way out."""
from __future__ import annotations

import secrets
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claims.config import normalise_database_url


@contextmanager
def scratch_database(server_url: str, directory: Path, prefix: str):
    """Yield the URL of an empty database named ``prefix_<random>``; drop it afterwards."""
    if not server_url.startswith(("postgres://", "postgresql")):
        yield f"sqlite:///{directory / f'{prefix}.db'}"
        return
    url = make_url(normalise_database_url(server_url))
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
