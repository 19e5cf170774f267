"""pending actions as typed columns: kind, agent action, and where an agent pressed

"agent:<action>" strings become kind "agent" with the action in its own column; the
other kinds ("info", "comment") keep their value.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

pending = sa.table(
    'pending_actions',
    sa.column('action', sa.String), sa.column('kind', sa.String), sa.column('agent_action', sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table('pending_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('agent_action', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('channel', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('thread', sa.String(length=128), nullable=True))
    op.execute(pending.update().where(pending.c.action.like('agent:%')).values(
        kind='agent', agent_action=sa.func.substr(pending.c.action, 7)))
    op.execute(pending.update().where(pending.c.kind.is_(None)).values(kind=pending.c.action))
    with op.batch_alter_table('pending_actions', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=16), nullable=False)
        batch_op.drop_column('action')


def downgrade() -> None:
    with op.batch_alter_table('pending_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action', sa.String(length=32), nullable=True))
    op.execute(pending.update().where(pending.c.kind == 'agent').values(
        action=sa.literal('agent:') + pending.c.agent_action))
    op.execute(pending.update().where(pending.c.action.is_(None)).values(action=pending.c.kind))
    with op.batch_alter_table('pending_actions', schema=None) as batch_op:
        batch_op.alter_column('action', existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_column('thread')
        batch_op.drop_column('channel')
        batch_op.drop_column('agent_action')
        batch_op.drop_column('kind')
