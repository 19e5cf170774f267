"""reliability edges: one active conversation per place (a partial unique index), so that two first
messages in one new thread at once open one conversation, not two; an outbox item keeps what
earlier attempts created on the platform (``progress``: a topic, the parts already posted); a
requester remembers a ticket whose message could not reach them (``missed_ticket_id``); inbox
rows are found by age for the retention job.

Places that already hold several active conversations (the race this closes) keep the newest;
the older ones are cancelled, as the desk only ever read the newest.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

ACTIVE = "stage IN ('asking', 'choosing_edit', 'recap')"  # bot.storage.models.conversations.ACTIVE_PLACE_WHERE


def upgrade() -> None:
    op.execute(sa.text(
        f"UPDATE conversations SET stage = 'cancelled' WHERE {ACTIVE} AND id < ("
        f"SELECT MAX(newer.id) FROM conversations AS newer WHERE newer.platform = conversations.platform "
        f"AND newer.channel = conversations.channel AND newer.thread = conversations.thread AND newer.{ACTIVE})"
    ))
    op.create_index('uq_conversations_active_place', 'conversations', ['platform', 'channel', 'thread'], unique=True,
                    postgresql_where=sa.text(ACTIVE), sqlite_where=sa.text(ACTIVE))
    op.add_column('outbox', sa.Column('progress', sa.JSON(), nullable=True))
    op.add_column('requesters', sa.Column('missed_ticket_id', sa.Integer(), nullable=True))
    op.create_index('ix_inbound_events_received_at', 'inbound_events', ['received_at'])


def downgrade() -> None:
    op.drop_index('ix_inbound_events_received_at', table_name='inbound_events')
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('progress')
    with op.batch_alter_table('requesters') as batch:
        batch.drop_column('missed_ticket_id')
    op.drop_index('uq_conversations_active_place', table_name='conversations')
