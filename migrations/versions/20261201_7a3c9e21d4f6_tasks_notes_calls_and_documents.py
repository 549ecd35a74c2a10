"""tasks with owners and done state; notes become file notes, calls and documents received, with revisions

Revision ID: 7a3c9e21d4f6
Revises: 3211874cfbec
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a3c9e21d4f6'
down_revision = '3211874cfbec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('rule', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_reason', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_tasks_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_tasks_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['completed_by_id'], ['users.id'], name=op.f('fk_tasks_completed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tasks_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('ix_tasks_open_due_on', ['completed_at', 'due_on'], unique=False)
        batch_op.create_index('ix_tasks_assigned_open_due_on', ['assigned_to_id', 'completed_at', 'due_on'],
                              unique=False)

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='file_note', nullable=False))
        batch_op.add_column(sa.Column('party', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('direction', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('duration_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('evidence_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('edited_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notes_evidence_file_id_evidence_files'), 'evidence_files',
                                    ['evidence_file_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_notes_edited_by_id_users'), 'users', ['edited_by_id'], ['id'])
    op.execute("UPDATE notes SET occurred_at = created_at")  # an earlier note happened when it was written
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.alter_column('occurred_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    op.create_table('note_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_note_revisions_note_id_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['users.id'], name=op.f('fk_note_revisions_replaced_by_id_users')),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_note_revisions_written_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_revisions'))
    )
    with op.batch_alter_table('note_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_revisions_note_id'), ['note_id'], unique=False)


def downgrade():
    with op.batch_alter_table('note_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_revisions_note_id'))
    op.drop_table('note_revisions')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notes_edited_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notes_evidence_file_id_evidence_files'), type_='foreignkey')
        batch_op.drop_column('edited_by_id')
        batch_op.drop_column('edited_at')
        batch_op.drop_column('evidence_file_id')
        batch_op.drop_column('occurred_at')
        batch_op.drop_column('duration_minutes')
        batch_op.drop_column('direction')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('party')
        batch_op.drop_column('kind')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_assigned_open_due_on')
        batch_op.drop_index('ix_tasks_open_due_on')
        batch_op.drop_index(batch_op.f('ix_tasks_claim_id'))
    op.drop_table('tasks')
