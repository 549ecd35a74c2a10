"""audit trail hash chain: each row's place, the previous row's hash and its own; append-only on PostgreSQL

Revision ID: a7c3e9d15f20
Revises: e4aac3d18235
Create Date: 2026-12-01 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d15f20'
down_revision = 'e4aac3d18235'
branch_labels = None
depends_on = None

_APPEND_ONLY = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        IF current_setting('claims.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: audit rows cannot be deleted';
    END IF;
    IF OLD.row_hash IS NOT NULL THEN
        RAISE EXCEPTION 'the audit trail is append-only: audit row % cannot be changed', OLD.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_seq'), ['seq'])

    # The rows already there are chained in id order (claims.domain.audit_chain), so the trail verifies.
    from claims.domain.audit_chain import GENESIS, row_hash
    conn = op.get_bind()
    events = sa.table(
        'audit_events', sa.column('id', sa.Integer), sa.column('occurred_at', sa.DateTime(timezone=True)),
        sa.column('user_id', sa.Integer), sa.column('actor', sa.String), sa.column('action', sa.String),
        sa.column('entity_type', sa.String), sa.column('entity_id', sa.Integer), sa.column('claim_id', sa.Integer),
        sa.column('ip_address', sa.String), sa.column('details', sa.JSON), sa.column('seq', sa.Integer),
        sa.column('prev_hash', sa.String), sa.column('row_hash', sa.String))
    previous = GENESIS
    rows = conn.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for seq, row in enumerate(rows, start=1):
        digest = row_hash({**row, 'seq': seq, 'prev_hash': previous})
        conn.execute(events.update().where(events.c.id == row['id'])
                     .values(seq=seq, prev_hash=previous, row_hash=digest))
        previous = digest

    if conn.dialect.name == 'postgresql':
        op.execute(_APPEND_ONLY)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_seq'), type_='unique')
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
