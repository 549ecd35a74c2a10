"""defendant register: name variants, ICO numbers, incident links, claim match and duplicate flags, conflict list

Revision ID: e4aac3d18235
Revises: 42864b3cab2b
Create Date: 2026-12-01 06:20:54.038761

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4aac3d18235'
down_revision = '42864b3cab2b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('defendant_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('defendant_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['defendant_id'], ['defendants.id'], name=op.f('fk_defendant_names_defendant_id_defendants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_defendant_names'))
    )
    with op.batch_alter_table('defendant_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_defendant_names_defendant_id'), ['defendant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_defendant_names_name_key'), ['name_key'], unique=False)

    op.create_table('conflict_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_conflict_entries_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_entries'))
    )
    with op.batch_alter_table('conflict_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_entries_name_key'), ['name_key'], unique=False)

    op.create_table('claim_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('other_claim_id', sa.Integer(), nullable=True),
    sa.Column('conflict_entry_id', sa.Integer(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_flags_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['conflict_entry_id'], ['conflict_entries.id'], name=op.f('fk_claim_flags_conflict_entry_id_conflict_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_claim_flags_decided_by_id_users')),
    sa.ForeignKeyConstraint(['other_claim_id'], ['claims.id'], name=op.f('fk_claim_flags_other_claim_id_claims'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_flags'))
    )
    with op.batch_alter_table('claim_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_flags_claim_id'), ['claim_id'], unique=False)

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_state', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('match_reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('match_reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_claims_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_claims_duplicate_of_id_claims'), 'claims', ['duplicate_of_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_claims_match_reviewed_by_id_users'), 'users', ['match_reviewed_by_id'], ['id'])
    _expression_index_after_copy()

    with op.batch_alter_table('defendants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ico_registration', sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f('ix_defendants_name_key'), ['name_key'], unique=False)

    # Every defendant already in the register gets its name as compared (claims.domain.register.name_key).
    from claims.domain.register import name_key
    conn = op.get_bind()
    defendants = sa.table('defendants', sa.column('id', sa.Integer), sa.column('name', sa.String),
                          sa.column('name_key', sa.String))
    for ident, name in conn.execute(sa.select(defendants.c.id, defendants.c.name)).all():
        conn.execute(defendants.update().where(defendants.c.id == ident).values(name_key=name_key(name)))

    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link', sa.String(length=500), nullable=True))

    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incident_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_intake_drafts_incident_id'), ['incident_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_intake_drafts_incident_id_incidents'), 'incidents', ['incident_id'], ['id'])



def downgrade():
    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_intake_drafts_incident_id_incidents'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_intake_drafts_incident_id'))
        batch_op.drop_column('incident_id')

    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_column('link')

    with op.batch_alter_table('defendants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_defendants_name_key'))
        batch_op.drop_column('ico_registration')
        batch_op.drop_column('name_key')
    _expression_index_after_copy()

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_claims_match_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_claims_duplicate_of_id_claims'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_claims_duplicate_of_id'))
        batch_op.drop_column('duplicate_of_id')
        batch_op.drop_column('match_reviewed_at')
        batch_op.drop_column('match_reviewed_by_id')
        batch_op.drop_column('match_state')
    _expression_index_after_copy()

    with op.batch_alter_table('claim_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_flags_claim_id'))

    op.drop_table('claim_flags')
    with op.batch_alter_table('conflict_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_entries_name_key'))

    op.drop_table('conflict_entries')
    with op.batch_alter_table('defendant_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_defendant_names_name_key'))
        batch_op.drop_index(batch_op.f('ix_defendant_names_defendant_id'))

    op.drop_table('defendant_names')


def _expression_index_after_copy():
    """On SQLite the batch operations on claims copy the table, which drops its index on an expression: make it
    again, and the defendants' likewise (PostgreSQL alters in place and keeps it)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_claims_defendant_name_lower ON claims (lower(defendant_name))")
        op.execute("CREATE INDEX IF NOT EXISTS ix_defendants_name_lower ON defendants (lower(name))")
