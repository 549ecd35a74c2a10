"""claim documents keep their HTML preview, made once when the document is made

Revision ID: f08269f3c9b1
Revises: 30c263cdbae0
Create Date: 2026-11-30 00:00:00

Documents made before this keep NULL: pages convert those in memory when shown, as before
(a GET never writes).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f08269f3c9b1'
down_revision = '30c263cdbae0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claim_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preview_html', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('claim_documents', schema=None) as batch_op:
        batch_op.drop_column('preview_html')
