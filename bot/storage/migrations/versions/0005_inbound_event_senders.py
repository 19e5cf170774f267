"""inbound event senders for rate limiting

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:09:17.735080
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.String(length=128), nullable=True))
        batch_op.create_index('ix_inbound_events_sender', ['platform', 'user_id', 'received_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_events_sender')
        batch_op.drop_column('user_id')

