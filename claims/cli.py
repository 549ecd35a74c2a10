"""Command-line tools: `flask create-user`, `flask purge-drafts`, `flask outbox send`, `flask sweep-files`,
`flask seed-demo`, `flask valuation …`, `flask sync-limitation-warnings`, `flask audit verify`. The worker runs the first three periodically (claims.jobs)."""
from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from claims.auth.passwords import hash_password, password_problem
from claims.domain.vocab import ROLES
from claims.extensions import db
from claims.models import User


def init_app(app: Flask) -> None:
    """Register the commands on the app."""
    from claims.demo import seed_demo_command
    from claims.register import load_register_command
    from claims.valuation import valuation_cli
    from claims.work.cli import sync_limitation_warnings_command

    app.cli.add_command(create_user)
    app.cli.add_command(purge_drafts_command)
    app.cli.add_command(outbox)
    app.cli.add_command(audit_cli)
    app.cli.add_command(sweep_files_command)
    app.cli.add_command(load_register_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(valuation_cli)
    app.cli.add_command(sync_limitation_warnings_command)


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.option("--role", type=click.Choice(list(ROLES)), prompt=True)
@click.password_option()
def create_user(email: str, full_name: str, role: str, password: str) -> None:
    """Create a staff account."""
    if problem := password_problem(password):
        raise click.BadParameter(problem, param_hint="password")
    email = email.strip().lower()
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise click.BadParameter("a user with that email already exists", param_hint="email")
    db.session.add(User(email=email, full_name=full_name.strip(), role=role, password_hash=hash_password(password)))
    db.session.commit()
    click.echo(f"Created {role} account for {email}.")


@click.command("purge-drafts")
def purge_drafts_command() -> None:
    """Delete expired, unsubmitted claim-form drafts and their uploaded files."""
    from claims.intake.drafts import purge_expired_drafts

    count = purge_expired_drafts()
    db.session.commit()
    click.echo(f"Purged {count} expired draft(s).")


@click.group("outbox")
def outbox() -> None:
    """The email outbox."""


@outbox.command("send")
def outbox_send() -> None:
    """Deliver unsent messages over SMTP (needs SMTP_HOST)."""
    from claims.mail import deliver_pending

    sent, failed = deliver_pending()
    db.session.commit()
    click.echo(f"Sent {sent}, failed {failed}.")


@click.group("audit")
def audit_cli() -> None:
    """The audit trail."""


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the audit trail's hash chain: exit 0 with the count and head hash when intact, else exit 1
    naming the first broken row (edited, deleted, or inserted out of chain)."""
    from claims.audit import verify

    verdict = verify()
    if verdict.broken is not None:
        click.echo(f"Audit trail broken at {verdict.broken}.", err=True)
        raise SystemExit(1)
    click.echo(f"Audit trail intact: {verdict.count} row(s); head {verdict.head}.")


@click.command("sweep-files")
def sweep_files_command() -> None:
    """Delete stored files that no row names, older than the grace period (a killed upload's leftovers)."""
    from claims.models._types import utcnow
    from claims.private_files import sweep_orphans

    click.echo(f"Removed {sweep_orphans(now=utcnow())} orphan file(s).")
