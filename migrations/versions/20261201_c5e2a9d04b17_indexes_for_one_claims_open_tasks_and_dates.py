"""indexes for one claim's open tasks and key dates

Every rule that makes or moves a task reads the claim's open tasks (claim_id = ? AND completed_at IS NULL);
with only the open-by-date index to choose from besides claim_id, SQLite read every open task in the firm,
so a claim submission took seconds at 100,000 claims.

Revision ID: c5e2a9d04b17
Revises: b7d41f0c9a12
Create Date: 2026-12-01 13:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5e2a9d04b17'
down_revision = 'b7d41f0c9a12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_tasks_claim_open', 'tasks', ['claim_id', 'completed_at'], unique=False)
    op.create_index('ix_key_dates_claim_open', 'key_dates', ['claim_id', 'completed_at'], unique=False)


def downgrade():
    op.drop_index('ix_key_dates_claim_open', table_name='key_dates')
    op.drop_index('ix_tasks_claim_open', table_name='tasks')
