"""Demo data for trying the app locally: `flask seed-demo` and the demo staff accounts.

Owns the demo accounts (demo-solicitor, demo-partner and demo-admin @breach-claims.example),
their one shared password, generated at first seeding and kept in
``instance/demo-credentials.txt`` (mode 600; ``DEMO_CREDENTIALS_FILE`` overrides the path),
and the command that adds synthetic claims (built in ``claims.demo.seed``).
"""
from __future__ import annotations

import os
import secrets
import time
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select

from claims.auth.passwords import hash_password, verify_password
from claims.extensions import db
from claims.links import public_url
from claims.models import Claim, User

DEMO_ROLES = ("solicitor", "partner", "admin")
_PASSWORD_PREFIX = "Password (all three accounts): "


def demo_email(role: str) -> str:
    """The sign-in email of the demo account for a role."""
    return f"demo-{role}@breach-claims.example"


def credentials_path() -> Path:
    """Where the demo password is kept."""
    configured = current_app.config.get("DEMO_CREDENTIALS_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / "demo-credentials.txt"


@click.command("seed-demo")
@click.option("--claims", "count", type=click.IntRange(min=0), default=500, show_default=True,
              help="How many synthetic claims to add.")
@click.option("--if-empty", is_flag=True, help="Add nothing if the database already has claims.")
@click.option("--seed", type=int, default=None, help="Random seed, to make the same data again.")
def seed_demo_command(count: int, if_empty: bool, seed: int | None) -> None:
    """Create the demo staff accounts and add synthetic claims (fake people only)."""
    if current_app.config.get("PRODUCTION"):
        raise click.ClickException("seed-demo adds demo accounts and fake claims: it does not run in production.")
    path = credentials_path()
    if if_empty and db.session.scalar(select(Claim.id).limit(1)) is not None:
        click.echo("The database already has claims, so no demo data was added.")
        click.echo(path.read_text() if path.exists() else f"No demo credentials saved at {path}.")
        return
    from claims.demo.seed import seed_claims
    from claims.demo.teams import ensure_demo_teams

    staff = ensure_demo_staff(path)
    teams = ensure_demo_teams(staff)
    started = time.perf_counter()
    made = seed_claims(count, seed=secrets.randbits(32) if seed is None else seed,
                       now=datetime.now(timezone.utc), staff=staff, teams=teams)
    from claims.demo.statements import make_statements

    make_statements(datetime.now(timezone.utc))
    db.session.commit()
    refresh_statistics()
    click.echo(f"Added {made:,} demo claims in {time.perf_counter() - started:.1f} s.")
    click.echo(path.read_text())


def refresh_statistics() -> None:
    """After a bulk load: planner statistics, and on PostgreSQL the visibility map (index-only
    counts). Autovacuum would do this later; the demo and the benchmark should not wait for it."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)" if connection.dialect.name == "postgresql" else "ANALYZE")


def ensure_demo_staff(path: Path) -> dict[str, int]:
    """Make sure each demo account exists with the saved password (saving a new one the first time)."""
    password = saved_password(path)
    if password is None:
        password = secrets.token_urlsafe(15)
        _write_credentials(path, password)
    users = {role: _ensure_user(role, password) for role in DEMO_ROLES}
    db.session.flush()
    return {role: user.id for role, user in users.items()}


def saved_password(path: Path) -> str | None:
    """The password in the credentials file, or None if there is no file yet."""
    if not path.exists():
        return None
    lines = [line for line in path.read_text().splitlines() if line.startswith(_PASSWORD_PREFIX)]
    return lines[0][len(_PASSWORD_PREFIX):].strip() if lines else None


def _write_credentials(path: Path, password: str) -> None:
    """Write the sign-in details, readable by the owner only."""
    accounts = "\n".join(f"  {role:<10} {demo_email(role)}" for role in DEMO_ROLES)
    body = (f"Demo staff accounts (local demo only). Sign in at "
            f"{public_url('auth.login')}\n{accounts}\n"
            f"{_PASSWORD_PREFIX}{password}\n")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(body)
    os.chmod(path, 0o600)  # in case the file already existed with wider permissions


def _ensure_user(role: str, password: str) -> User:
    """The demo account for a role, created or given the saved password if it has another."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == demo_email(role)))
    if user is None:
        user = User(email=demo_email(role), full_name=f"Demo {role.title()}", role=role,
                    password_hash=hash_password(password))
        db.session.add(user)
    elif not verify_password(user.password_hash, password):
        user.password_hash = hash_password(password)
    return user
