"""sending letters (email with the document attached, or posted) and messages from clients

Each sending of a generated document (letter_sendings), the client's portal messages (client_messages),
and an outbox message's attached document, by reference (read and checked against its SHA-256 when sent).

Revision ID: e4b8d2c61a07
Revises: d4a7e1f2b903
Create Date: 2026-12-01 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8d2c61a07'
down_revision = 'd4a7e1f2b903'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_document_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attachment_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('attachment_name', sa.String(length=255), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_attachment_document_id_claim_documents'),
                                    'claim_documents', ['attachment_document_id'], ['id'], ondelete='SET NULL')
    op.create_table('letter_sendings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=30), nullable=False),
    sa.Column('recipient', sa.String(length=20), nullable=False),
    sa.Column('to_address', sa.Text(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('deemed_received_on', sa.Date(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_letter_sendings_claim_id_claims'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['claim_documents.id'],
                            name=op.f('fk_letter_sendings_document_id_claim_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'],
                            name=op.f('fk_letter_sendings_outbox_message_id_outbox_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_letter_sendings_sent_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_sendings'))
    )
    op.create_index('ix_letter_sendings_claim', 'letter_sendings', ['claim_id', 'created_at'], unique=False)
    op.create_table('client_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_client_messages_claim_id_claims'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_messages'))
    )
    op.create_index('ix_client_messages_claim', 'client_messages', ['claim_id', 'received_at'], unique=False)


def downgrade():
    op.drop_index('ix_client_messages_claim', table_name='client_messages')
    op.drop_table('client_messages')
    op.drop_index('ix_letter_sendings_claim', table_name='letter_sendings')
    op.drop_table('letter_sendings')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_attachment_document_id_claim_documents'),
                                 type_='foreignkey')
        batch_op.drop_column('attachment_name')
        batch_op.drop_column('attachment_sha256')
        batch_op.drop_column('attachment_document_id')
