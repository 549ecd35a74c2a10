"""What ``flask valuation estimate``, ``backtest`` and ``revalue`` do (the commands are declared in the package).

``estimate`` is the stable interface: one claim's facts as JSON in (schema in the README
and ``claims.domain.valuation.inputs``), the estimate as JSON out, indented, UTF-8.
Bad input (malformed JSON, a missing key, an unknown key or value) prints a message
naming the key on stderr and exits with status 2, like a usage error. The estimate uses
the active precedent data and the firm's outcomes in the database, or the shipped
files when none is loaded (or there is no database yet); ``method.data`` says which.
"""
from __future__ import annotations

import json
import time
from datetime import date

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from claims.domain.valuation import ValuationInputError, backtest, estimate, load_cpi_frame
from claims.extensions import db
from claims.models import Claim
from claims.valuation import pools, service

INPUT_ERROR = 2


def fail(message: str) -> None:
    """Print the message on stderr and exit with status 2."""
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(INPUT_ERROR)


def read_claim(stream) -> dict:
    """The claim's facts from a JSON file or stdin (exits 2 when it is not JSON)."""
    try:
        return json.loads(stream.read())
    except json.JSONDecodeError as error:
        fail(f"the input is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})")
    except UnicodeDecodeError:
        fail("the input is not UTF-8 text")


def estimate_json(stream, as_of: date) -> str:
    """The estimate for the claim in ``stream`` as indented JSON."""
    claim = read_claim(stream)
    data = _data(as_of)
    try:
        output = estimate(claim, data.pool, as_of=as_of)
    except ValuationInputError as error:
        fail(str(error))
    output["method"]["data"] = data.describe()
    return json.dumps(output, indent=2, ensure_ascii=False)


def _data(as_of: date) -> pools.ValuationData:
    """The database's data, or the shipped files when the database is not set up."""
    try:
        return pools.current_data(as_of)
    except SQLAlchemyError:
        db.session.rollback()
        return pools.shipped_data(as_of)


def backtest_report(as_of: date, *, with_firm: bool) -> tuple[dict, list[str]]:
    """Leave-one-out figures over the active precedents (and optionally the firm's outcomes), and lines to print."""
    try:
        tables = pools.reference_tables()
        frame = pools.precedent_frame(tables, as_of=as_of, with_firm=with_firm)
    except SQLAlchemyError:  # no database yet: the shipped files
        db.session.rollback()
        tables = pools.shipped_tables()
        frame = pools.precedent_frame(tables, as_of=as_of, with_firm=False)
    result = backtest(frame, load_cpi_frame(tables.cpi), as_of=as_of)
    source = (f"version {tables.precedent_set_version}" if tables.precedent_set_version
              else "the shipped curated file")
    if not result["rows"]:
        return result, [f"Backtest: no precedents that inform a value in {source}."]
    target = result["target"]
    figures = [
        ("cases valued", f"{result['rows']}"),
        ("coverage (low ≤ actual ≤ high)", f"{result['coverage']:.1%} ({result['hits']} of {result['rows']})"
                                           f"   target ≥ {target['coverage']:.0%}"),
        ("median absolute error of the mid", f"£{result['median_abs_error_gbp']:,.2f}"),
        ("median mid ÷ actual", f"{result['median_mid_to_actual']:.3f}"),
        ("median high ÷ low", f"{result['median_ratio']:.2f}   target ≤ {target['median_ratio']:g}"),
        ("target met", "yes" if result["meets_target"] else "no"),
    ]
    lines = [f"Backtest (leave one case out), model {result['model_version']}, as of {result['as_of']}, "
             f"precedents: {source}{' plus firm outcomes' if with_firm else ''}"]
    lines += [f"  {label + ':':<34}{value}" for label, value in figures]
    lines += ["", f"  {'hit':<4}{'actual':>10}{'low':>10}{'mid':>10}{'high':>10}{'high/low':>9}  case"]
    lines += [f"  {'yes' if row['hit'] else 'no':<4}{row['actual']:>10,.0f}{row['low']:>10,}{row['mid']:>10,}"
              f"{row['high']:>10,}{row['ratio']:>9.2f}  {row['case_name']}" for row in result["per_row"]]
    return result, lines


def revalue(references: tuple[str, ...], every: bool, as_of: date) -> str:
    """Re-value the claims named (or all), commit, and say how many and how long."""
    if not every and not references:
        raise click.UsageError("Give --all or at least one --claim REFERENCE.")
    claim_ids = None
    if not every:
        found = dict(db.session.execute(select(Claim.reference, Claim.id).where(Claim.reference.in_(references))).all())
        missing = [reference for reference in references if reference not in found]
        if missing:
            raise click.BadParameter(f"no claim with reference {', '.join(missing)}", param_hint="--claim")
        claim_ids = list(found.values())
    started = time.perf_counter()
    count = service.revalue_claims(claim_ids, as_of=as_of)
    db.session.commit()
    return f"Re-valued {count:,} claim(s) as of {as_of.isoformat()} in {time.perf_counter() - started:.1f} s."
