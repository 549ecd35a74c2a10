"""limitation facts a solicitor records: concealment discovered (s.32), lack of capacity (s.28)

Revision ID: 3211874cfbec
Revises: 5d2e8a71c4b9
Create Date: 2026-12-01 10:00:00

Also brings the stored limitation copies in line with the rules of this revision:

- a claim whose damages include a diagnosed psychiatric injury (a psychiatrist or mental health
  team, and a diagnosis) is a personal injury action, so its UK GDPR, misuse of private
  information and breach of confidence key dates become the 3-year dates (Limitation Act 1980
  s.11), worked out by ``claims.domain.limitation`` as it stands at this revision;
- ``earliest_limitation_on`` becomes the earliest limitation key date, passed or not: it no longer
  depends on the day the claim was screened.

Going down drops the columns and leaves the dates as they are (the 3-year dates are the law).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3211874cfbec'
down_revision = '5d2e8a71c4b9'
branch_labels = None
depends_on = None

CLAIMS = sa.table('claims', sa.column('id', sa.Integer), sa.column('claimant_id', sa.Integer),
                  sa.column('breach_on', sa.Date), sa.column('medical_help', sa.String),
                  sa.column('diagnosed', sa.Boolean))
CLAIMANTS = sa.table('claimants', sa.column('id', sa.Integer), sa.column('date_of_birth', sa.Date))
KEY_DATES = sa.table('key_dates', sa.column('claim_id', sa.Integer), sa.column('kind', sa.String),
                     sa.column('cause', sa.String), sa.column('basis', sa.Text), sa.column('due_on', sa.Date))


def upgrade():
    # Plain ADD COLUMN, never a batch table copy: on SQLite (foreign keys on) copying the claims table
    # drops the old one, and the drop deletes every row that cascades from a claim (key dates, notes,
    # history...). A literal default keeps SQLite's ADD COLUMN; PostgreSQL reads '0' as false.
    op.add_column('claims', sa.Column('concealment_discovered_on', sa.Date(), nullable=True))
    op.add_column('claims', sa.Column('lacked_capacity', sa.Boolean(), server_default='0', nullable=False))
    op.add_column('claims', sa.Column('capacity_regained_on', sa.Date(), nullable=True))
    _personal_injury_dates(op.get_bind())
    op.execute("UPDATE claims SET earliest_limitation_on = (SELECT MIN(key_dates.due_on) FROM key_dates "
               "WHERE key_dates.claim_id = claims.id AND key_dates.kind = 'limitation')")


def _personal_injury_dates(bind) -> None:
    """The 3-year dates for claims that include a diagnosed psychiatric injury."""
    rows = bind.execute(
        sa.select(CLAIMS.c.id, CLAIMS.c.breach_on, CLAIMANTS.c.date_of_birth)
        .join(CLAIMANTS, CLAIMS.c.claimant_id == CLAIMANTS.c.id)
        .where(CLAIMS.c.medical_help == 'specialist', CLAIMS.c.diagnosed == sa.true())).all()
    if not rows:
        return
    from claims.domain.limitation import SIX_YEAR_CAUSES, limitation_dates  # only when there is something to change

    updates = []
    for claim_id, breach_on, born_on in rows:
        dates = {item.cause: item for item in limitation_dates(
            breach_on=breach_on, claimant_born_on=born_on, public_authority=False, personal_injury=True)}
        updates += [{"id": claim_id, "the_cause": cause, "due": dates[cause].expires_on, "why": dates[cause].basis}
                    for cause in SIX_YEAR_CAUSES]
    bind.execute(
        KEY_DATES.update()
        .where(KEY_DATES.c.claim_id == sa.bindparam('id'), KEY_DATES.c.kind == 'limitation',
               KEY_DATES.c.cause == sa.bindparam('the_cause'))
        .values(due_on=sa.bindparam('due'), basis=sa.bindparam('why')), updates)


def downgrade():
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 or later), for the same reason: no table copy.
    op.drop_column('claims', 'capacity_regained_on')
    op.drop_column('claims', 'lacked_capacity')
    op.drop_column('claims', 'concealment_discovered_on')
