"""teams, the supervising partner and the claim's team, optimistic-locking versions, claim edits,
the value on the claim row, and indexes for the caseload's filters and searches

Revision ID: b7d41f0c9a12
Revises: 7a3c9e21d4f6
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41f0c9a12'
down_revision = '7a3c9e21d4f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('triage_rule', sa.String(length=20), server_default='by_hand', nullable=False),
    sa.Column('takes_new_claims', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('last_assigned_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['last_assigned_id'], ['users.id'], name=op.f('fk_teams_last_assigned_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_team_id_teams'), 'teams', ['team_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_users_team_id'), ['team_id'], unique=False)

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervisor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('value_pence', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('value_approved', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('valuation_stale', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_claims_supervisor_id_users'), 'users', ['supervisor_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_claims_team_id_teams'), 'teams', ['team_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_claims_supervisor_id'), ['supervisor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_value_pence'), ['value_pence'], unique=False)
        batch_op.create_index('ix_claims_team_status_submitted', ['team_id', 'status', 'submitted_at'], unique=False)
        batch_op.create_index('ix_claims_handler_status_submitted', ['assigned_to_id', 'status', 'submitted_at'],
                              unique=False)
    op.create_index('ix_claims_defendant_name_lower', 'claims', [sa.text('lower(defendant_name)')], unique=False)
    op.create_index('ix_claimants_first_name_lower', 'claimants', [sa.text('lower(first_name)')], unique=False)
    op.create_index('ix_claimants_postcode_lower', 'claimants', [sa.text('lower(postcode)')], unique=False)
    op.create_index('ix_claimants_email_lower', 'claimants', [sa.text('lower(email)')], unique=False)

    # Claims valued before this revision carry their latest valuation's figure on the row.
    op.execute("""
        UPDATE claims SET value_pence = (
            SELECT CASE WHEN s.review_status = 'adjusted' AND s.adjusted_mid_pence IS NOT NULL
                        THEN s.adjusted_mid_pence ELSE s.mid_pence END
            FROM valuation_snapshots s WHERE s.claim_id = claims.id
            ORDER BY s.created_at DESC, s.id DESC LIMIT 1),
          value_approved = COALESCE((
            SELECT s.review_status IN ('approved', 'adjusted')
            FROM valuation_snapshots s WHERE s.claim_id = claims.id
            ORDER BY s.created_at DESC, s.id DESC LIMIT 1), false)
    """)

    op.create_table('claim_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_edits_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_claim_edits_edited_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_edits'))
    )
    with op.batch_alter_table('claim_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_edits_claim_id'), ['claim_id'], unique=False)


def downgrade():
    with op.batch_alter_table('claim_edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_edits_claim_id'))
    op.drop_table('claim_edits')
    op.drop_index('ix_claimants_email_lower', table_name='claimants')
    op.drop_index('ix_claimants_postcode_lower', table_name='claimants')
    op.drop_index('ix_claimants_first_name_lower', table_name='claimants')
    op.drop_index('ix_claims_defendant_name_lower', table_name='claims')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_handler_status_submitted')
        batch_op.drop_index('ix_claims_team_status_submitted')
        batch_op.drop_index(batch_op.f('ix_claims_value_pence'))
        batch_op.drop_index(batch_op.f('ix_claims_team_id'))
        batch_op.drop_index(batch_op.f('ix_claims_supervisor_id'))
        batch_op.drop_constraint(batch_op.f('fk_claims_team_id_teams'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_claims_supervisor_id_users'), type_='foreignkey')
        batch_op.drop_column('valuation_stale')
        batch_op.drop_column('value_approved')
        batch_op.drop_column('value_pence')
        batch_op.drop_column('version')
        batch_op.drop_column('team_id')
        batch_op.drop_column('supervisor_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_team_id'))
        batch_op.drop_constraint(batch_op.f('fk_users_team_id_teams'), type_='foreignkey')
        batch_op.drop_column('team_id')
    op.drop_table('teams')
