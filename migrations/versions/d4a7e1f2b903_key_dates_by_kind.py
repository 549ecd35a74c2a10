"""key dates indexed by kind, then open, then due date; open tasks indexed in the order my day lists them;
a handler's claims indexed by id (the caseload sorted by handler); the screening flags that depend on facts alone
stored as columns (filled from the stored screening) and indexed with the other flags by status

My day's "replies due" read every open key date due before the end of the week, the firm's past limitation
dates among them (54,000 rows at 100,000 claims), to keep the few replies due: 204 ms of a partner's 266 ms.
Each kind is now its own range of the index. Both indexes are partial (open rows only; PostgreSQL takes no order from a column compared with IS NULL) and
end with the columns the lists are ordered by, so
PostgreSQL reads the first rows of a range instead of sorting every open task it guesses is due (it guessed
149,000 where 11,700 were, and chose a sequential scan: 197 ms of a solicitor's day).

Revision ID: d4a7e1f2b903
Revises: c5e2a9d04b17
Create Date: 2026-12-01 07:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4a7e1f2b903'
down_revision = 'c5e2a9d04b17'
branch_labels = None
depends_on = None

OPEN = sa.text("completed_at IS NULL")  # partial indexes of what is still open
STORED_FLAGS = ("discovered_late", "outside_england_wales", "check_jurisdiction")
INDEXES = {  # the caseload's flag, limitation and value filters, by status
    'ix_claims_group_action_status': ['in_group_action', 'status', 'submitted_at'],
    'ix_claims_represented_status': ['already_represented', 'status', 'submitted_at'],
    'ix_claims_injury_status': ['diagnosed', 'medical_help', 'status', 'submitted_at'],
    'ix_claims_discovered_late_status': ['flag_discovered_late', 'status', 'submitted_at'],
    'ix_claims_outside_status': ['flag_outside_england_wales', 'status', 'submitted_at'],
    'ix_claims_check_jurisdiction_status': ['flag_check_jurisdiction', 'status', 'submitted_at'],
    'ix_claims_status_limitation': ['status', 'earliest_limitation_on'],
    'ix_claims_status_value': ['status', 'value_pence'],
    'ix_claims_status_id': ['status', 'id'],  # the caseload sorted by status (then id)
}


def upgrade():
    op.create_index('ix_key_dates_kind_open_due', 'key_dates', ['kind', 'due_on', 'claim_id', 'id'], unique=False,
                    postgresql_where=OPEN, sqlite_where=OPEN)
    op.drop_index('ix_key_dates_open_due_on', table_name='key_dates')
    op.drop_index('ix_tasks_open_due_on', table_name='tasks')
    op.create_index('ix_tasks_open_due_on', 'tasks', ['due_on', 'id'], unique=False,
                    postgresql_where=OPEN, sqlite_where=OPEN)
    op.drop_index('ix_claims_assigned_to_id', table_name='claims')
    op.create_index('ix_claims_assigned_to_id', 'claims', ['assigned_to_id', 'id'], unique=False)
    # Plain ALTER TABLE, not a batch copy: SQLite's copy of the table would lose its expression indexes.
    for code in STORED_FLAGS:
        op.add_column('claims', sa.Column(f'flag_{code}', sa.Boolean(), server_default='0', nullable=False))
    claims = sa.table('claims', sa.column('screening_flags', sa.Text()),
                      *(sa.column(f'flag_{code}', sa.Boolean()) for code in STORED_FLAGS))
    for code in STORED_FLAGS:  # the stored screening's flags, as the caseload read them until now
        op.execute(claims.update().values({f'flag_{code}': True}).where(
            sa.cast(claims.c.screening_flags, sa.Text()).like(f'%"code": "{code}"%')))
    for name, columns in INDEXES.items():
        op.create_index(name, 'claims', columns, unique=False)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name='claims')
    for code in STORED_FLAGS:
        op.drop_column('claims', f'flag_{code}')
    op.drop_index('ix_claims_assigned_to_id', table_name='claims')
    op.create_index('ix_claims_assigned_to_id', 'claims', ['assigned_to_id'], unique=False)
    op.drop_index('ix_tasks_open_due_on', table_name='tasks')
    op.create_index('ix_tasks_open_due_on', 'tasks', ['completed_at', 'due_on'], unique=False)
    op.create_index('ix_key_dates_open_due_on', 'key_dates', ['completed_at', 'due_on'], unique=False)
    op.drop_index('ix_key_dates_kind_open_due', table_name='key_dates')
