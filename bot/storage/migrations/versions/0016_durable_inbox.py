"""durable inbox: inbound events keep their neutral message, lane and status until processed

Rows already there were processed when they were recorded (the desk recorded them inside the
turn): they are ``processed``, without payload.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='processed'))
        batch_op.add_column(sa.Column('lane', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_inbound_events_status', ['status', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_events_status')
        batch_op.drop_column('processed_at')
        batch_op.drop_column('payload')
        batch_op.drop_column('lane')
        batch_op.drop_column('status')
