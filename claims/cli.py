"""Command-line tools: `flask create-user`, `flask purge-drafts`, `flask outbox send`, `flask sweep-files`,
`flask backup`, `flask restore`, `flask seed-demo`, `flask valuation …`, `flask sync-limitation-warnings`, `flask audit verify`.
The worker runs the first three periodically (claims.jobs)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from sqlalchemy import func, select

from claims.auth.passwords import email_problem, hash_password, password_problem
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
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
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
    """Create a staff account (the email address and password rules are the sign-in form's)."""
    if problem := password_problem(password):
        raise click.BadParameter(problem, param_hint="password")
    email = email.strip().lower()
    if problem := email_problem(email):
        raise click.BadParameter(problem, param_hint="email")
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


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory: Path) -> None:
    """Write one encrypted archive of the database and the private files into DIRECTORY."""
    from claims.backup import BackupError, make_backup
    from claims.models._types import utcnow

    try:
        archive, manifest = make_backup(directory, now=utcnow())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    counts = manifest["row_counts"]
    files = sum(name.startswith("files/") for name in manifest["members"])
    click.echo(f"Backed up {len(counts)} tables ({sum(counts.values())} rows) and {files} file(s), "
               f"encrypted, to {archive}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database holding rows and folders holding files.")
def restore_command(archive: Path, force: bool) -> None:
    """Restore ARCHIVE (made by `flask backup`) into the configured database and folders, then verify it."""
    from claims.backup import BackupError, restore

    try:
        done = restore(archive, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored and verified: {done.tables} tables ({done.rows} rows), {done.files} file(s), "
               f"revision {done.revision}.")
