"""outbox: senders claim rows; subject and body are stored encrypted

Revision ID: 30c263cdbae0
Revises: e188db922704
Create Date: 2026-11-30 00:00:00

Messages already in the outbox are sealed (or opened again on downgrade) with the key
claims.mail derives from SECRET_KEY; the derivation is repeated here so this migration
does not depend on the app's code as it changes.
"""
import base64

import sqlalchemy as sa
from alembic import op
from flask import current_app


# revision identifiers, used by Alembic.
revision = '30c263cdbae0'
down_revision = 'e188db922704'
branch_labels = None
depends_on = None

KEY_LABEL = b"breach-claims outbox mail v1"  # claims.mail.KEY_LABEL
SENT_BODY = "[delivered; the text is not kept]"  # claims.mail.SENT_BODY
outbox = sa.table("outbox_messages", sa.column("id", sa.Integer), sa.column("subject", sa.Text),
                  sa.column("body", sa.Text))


def _fernet():
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    secret = current_app.config["SECRET_KEY"]
    material = secret.encode("utf-8") if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_LABEL).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def _rewrite(change) -> None:
    """Apply change to every stored subject and body (the delivered marker stays as it is)."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.subject, outbox.c.body)).all()
    if not rows:
        return
    fernet = _fernet()
    for id_, subject, body in rows:
        connection.execute(outbox.update().where(outbox.c.id == id_).values(
            subject=change(fernet, subject), body=body if body == SENT_BODY else change(fernet, body)))


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.alter_column('subject', existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_claim_token'), ['claim_token'], unique=False)
    _rewrite(lambda fernet, text: fernet.encrypt(text.encode("utf-8")).decode("ascii"))


def downgrade():
    _rewrite(lambda fernet, text: fernet.decrypt(text.encode("ascii")).decode("utf-8")[:200])
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_claim_token'))
        batch_op.alter_column('subject', existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=False)
        batch_op.drop_column('claim_token')
        batch_op.drop_column('claimed_at')
