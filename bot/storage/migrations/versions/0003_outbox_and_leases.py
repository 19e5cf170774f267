"""outbox and leases

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 11:30:00

The outbox holds every message delivered outside the immediate reply; leases let one
process at a time run a scheduled job. ``outbox.ticket_id`` has no foreign key on purpose:
the outbox outlives nothing and depends on nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=128), nullable=False),
    sa.Column('thread', sa.String(length=128), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('card_key', sa.String(length=200), nullable=True),
    sa.Column('ref_card_key', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_by', sa.String(length=128), nullable=True),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('receipt_message_id', sa.String(length=200), nullable=True),
    sa.Column('receipt_thread', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('card_key'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_destination', ['platform', 'channel', 'status', 'id'], unique=False)
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at', 'id'], unique=False)
        batch_op.create_index('ix_outbox_receipt_thread', ['platform', 'channel', 'receipt_thread'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_ref_card_key'), ['ref_card_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('leases',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('holder', sa.String(length=128), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('leases')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_ref_card_key'))
        batch_op.drop_index('ix_outbox_receipt_thread')
        batch_op.drop_index('ix_outbox_due')
        batch_op.drop_index('ix_outbox_destination')

    op.drop_table('outbox')
