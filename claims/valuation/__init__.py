"""Valuation reference data: the firm's precedent table and inflation index, versioned.

``data/precedents.csv`` is the curated precedent table: the researched rows of
``shared/data/precedents.csv`` with their sources kept exactly, plus ``verified`` (the
figures and citation are confirmed in the row's own sources as summarised), ``include``
(the row can inform a value; the others stay visible as context), ``decided_on`` (only
where the sources give the date), ``origin`` and ``notes`` (why a row is excluded, and
caveats). ``data/cpi.csv`` is the ONS CPI index (D7BT, 2015=100) with its source.

Both tables are versioned the same way: each file loaded is a new numbered version that
becomes active if every row passes the core's checks (``precedent_store.check_precedents``); rolling back makes an earlier
version active again; nothing is deleted; every change is audited. A partner uploads at
/staff/valuation/precedents and /staff/valuation/inflation.

Commands: ``flask valuation load-precedents`` loads the shipped files (safe to run again:
a file already loaded, or a partner's upload that is active, is left as it is),
``flask valuation precedents-history`` lists the versions, ``flask valuation estimate FILE``
values one claim's facts given as JSON (``-`` for stdin), ``flask valuation backtest``
prints the leave-one-out figures, and ``flask valuation revalue --all`` re-values every
claim in bulk (``claims.valuation.cli`` does the work; ``service`` is the API).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from claims.extensions import db

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_AS_OF = click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                      help="Value as of this date, YYYY-MM-DD (default: today in the UK).")


def _day(as_of) -> date:
    from claims.clock import uk_today

    return as_of.date() if as_of else uk_today()


@click.group("valuation")
def valuation_cli() -> None:
    """Valuation reference data: precedents and the inflation index."""


@valuation_cli.command("load-precedents")
@click.option("--file", "precedents_file", type=_FILE, help="A precedent CSV (default: the curated file).")
@click.option("--cpi-file", type=_FILE, help="An inflation index CSV (default: the shipped ONS CPI file).")
def load_precedents_command(precedents_file: Path | None, cpi_file: Path | None) -> None:
    """Load the curated precedent table and the inflation index as the active versions (safe to run again)."""
    from claims.valuation import precedent_store as store

    for dataset, path in ((store.PRECEDENTS, precedents_file), (store.INFLATION, cpi_file)):
        try:
            outcome, data_set = store.load_curated(dataset, path)
        except store.ImportRefused as refused:
            db.session.rollback()
            problems = "\n  ".join(str(error) for error in refused.errors[:50])
            raise click.ClickException(f"{dataset.title}: the file was not loaded:\n  {problems}") from None
        db.session.commit()
        click.echo(f"{dataset.title}: " + {
            "loaded": f"loaded {data_set.row_count} rows as version {data_set.version} (active).",
            "already_loaded": f"this file is already version {data_set.version}; nothing to do.",
            "kept_upload": f"version {data_set.version}, uploaded by a partner, is active; left as it is.",
        }[outcome])


@valuation_cli.command("precedents-history")
def precedents_history_command() -> None:
    """List every version of the precedent table and the inflation index, newest first."""
    from claims.valuation import precedent_store as store

    for dataset in (store.PRECEDENTS, store.INFLATION):
        click.echo(f"{dataset.title}:")
        versions = store.list_versions(dataset)
        for data_set in versions:
            who = data_set.uploaded_by.email if data_set.uploaded_by else "flask valuation load-precedents"
            click.echo(f"  v{data_set.version}{' (active)' if data_set.active else ''}  "
                       f"{data_set.uploaded_at:%Y-%m-%d %H:%M} UTC  {data_set.row_count} rows  "
                       f"{data_set.filename}  sha256 {data_set.sha256[:12]}  by {who}")
        if not versions:
            click.echo("  nothing loaded yet")


@valuation_cli.command("estimate")
@click.argument("file", type=click.File("rb"))
@_AS_OF
def estimate_command(file, as_of) -> None:
    """Value one claim: its facts as JSON in FILE ("-" for stdin), the estimate as JSON out (bad input: exit 2)."""
    from claims.valuation import cli

    click.echo(cli.estimate_json(file, _day(as_of)))


@valuation_cli.command("backtest")
@_AS_OF
@click.option("--with-firm-outcomes", is_flag=True, help="Hold out the firm's settled claims too (slow when many).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures and every row as JSON.")
def backtest_command(as_of, with_firm_outcomes: bool, as_json: bool) -> None:
    """Leave-one-case-out backtest of the active precedents: coverage, errors, widths, against the target."""
    import json

    from claims.valuation import cli

    result, lines = cli.backtest_report(_day(as_of), with_firm=with_firm_outcomes)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else "\n".join(lines))


@valuation_cli.command("revalue")
@click.option("--all", "every", is_flag=True, help="Re-value every claim.")
@click.option("--claim", "references", multiple=True, metavar="REF", help="A claim reference (repeatable).")
@_AS_OF
def revalue_command(every: bool, references: tuple[str, ...], as_of) -> None:
    """Re-value claims in bulk (vectorised), superseding their earlier valuations."""
    from claims.valuation import cli

    click.echo(cli.revalue(references, every, _day(as_of)))
