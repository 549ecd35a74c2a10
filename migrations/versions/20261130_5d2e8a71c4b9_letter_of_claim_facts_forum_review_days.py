"""letter of claim: approved facts summary, forum confirmation; firm's review time in working days

Revision ID: 5d2e8a71c4b9
Revises: f08269f3c9b1
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2e8a71c4b9'
down_revision = 'f08269f3c9b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facts_summary', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('facts_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('facts_confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('forum_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('forum_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('forum_confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_claims_facts_confirmed_by_id_users'), 'users',
                                    ['facts_confirmed_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_claims_forum_confirmed_by_id_users'), 'users',
                                    ['forum_confirmed_by_id'], ['id'])
    with op.batch_alter_table('firm_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_working_days', sa.Integer(), server_default='5', nullable=False))


def downgrade():
    with op.batch_alter_table('firm_settings', schema=None) as batch_op:
        batch_op.drop_column('review_working_days')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_claims_forum_confirmed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_claims_facts_confirmed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('forum_confirmed_by_id')
        batch_op.drop_column('forum_confirmed_at')
        batch_op.drop_column('forum_reason')
        batch_op.drop_column('facts_confirmed_by_id')
        batch_op.drop_column('facts_confirmed_at')
        batch_op.drop_column('facts_summary')
