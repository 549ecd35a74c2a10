"""`flask sync-limitation-warnings`: give every open claim the limitation warnings its dates ask for now.

For claims made before tasks existed, or after limitation dates were changed outside the app. Safe to repeat:
an open warning is moved, not doubled, and one a person marked done is not made again.
"""
from __future__ import annotations

import click
from sqlalchemy import select

from claims import unit_of_work
from claims.clock import uk_today
from claims.domain.status import CLOSED_STATUSES
from claims.extensions import db
from claims.models import Claim, KeyDate
from claims.work.tasks import sync_limitation_warnings

BATCH = 500


@click.command("sync-limitation-warnings")
def sync_limitation_warnings_command() -> None:
    """Make or move the 6, 3 and 1 month limitation warnings on every open claim."""
    today, done, after = uk_today(), 0, 0
    while True:
        ids = db.session.scalars(select(Claim.id).where(
            Claim.id > after, Claim.status.not_in(CLOSED_STATUSES),
            Claim.id.in_(select(KeyDate.claim_id).where(KeyDate.kind == "limitation")))
            .order_by(Claim.id).limit(BATCH)).all()
        if not ids:
            break
        for claim in db.session.scalars(select(Claim).where(Claim.id.in_(ids))):
            sync_limitation_warnings(claim, today=today)
        unit_of_work.commit()
        done, after = done + len(ids), ids[-1]
    click.echo(f"Limitation warnings checked on {done:,} open claim(s).")
