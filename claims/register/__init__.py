"""The defendant register: organisations known to have lost or disclosed data, and their incidents.

Owns `flask load-register`, which imports the ICO enforcement actions kept in
``claims/register/data/ico-actions.csv`` (each row with its source). Intake suggests the
register's names and links a claim to a ``Defendant`` by case-insensitive name.
"""
from __future__ import annotations

from pathlib import Path

import click

from claims.extensions import db
from claims.register.loader import DATA_FILE, RegisterError, import_register, read_register


@click.command("load-register")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DATA_FILE,
              show_default="claims/register/data/ico-actions.csv", help="The ICO enforcement actions CSV.")
def load_register_command(path: Path) -> None:
    """Import the ICO enforcement actions into the defendant register (safe to run again)."""
    try:
        entries = read_register(path)
    except RegisterError as exc:
        raise click.ClickException(str(exc)) from None
    counts = import_register(entries)
    db.session.commit()
    click.echo(f"Read {len(entries)} enforcement action(s) from {path.name}. {counts.summary()}")
