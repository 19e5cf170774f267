"""ticket lifecycle, audit trail, customers, pending actions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:03:07.424613
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=True),
    sa.Column('user_id', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('pending_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.String(length=128), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'user_id', name='uq_pending_actions_person')
    )
    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('actor_kind', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.String(length=160), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'], unique=False)

    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('linked_ticket_id', sa.Integer(), nullable=True))

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignee_platform', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('assignee_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('escalated_to', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('fix_in_next_update', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('reactivated_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('linked_ticket_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ack_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('first_qualification_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('final_qualification_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sla', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('satisfaction_score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('satisfaction_comment', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_tickets_linked_ticket_id', 'tickets', ['linked_ticket_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint('fk_tickets_linked_ticket_id', type_='foreignkey')
        batch_op.drop_column('satisfaction_comment')
        batch_op.drop_column('satisfaction_score')
        batch_op.drop_column('sla')
        batch_op.drop_column('final_qualification_due_at')
        batch_op.drop_column('first_qualification_due_at')
        batch_op.drop_column('ack_due_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('linked_ticket_id')
        batch_op.drop_column('reactivated_count')
        batch_op.drop_column('fix_in_next_update')
        batch_op.drop_column('escalated_to')
        batch_op.drop_column('assignee_name')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('assignee_platform')

    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('linked_ticket_id')

    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_events_ticket_id'))

    op.drop_table('ticket_events')
    op.drop_table('pending_actions')
    op.drop_table('customers')
