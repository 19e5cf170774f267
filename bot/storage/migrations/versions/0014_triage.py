"""triage: typed fields on tickets (type, product, module, version, requester urgency, organisation,
queue), the requester's context, merges, waiting reminders, a folded search text; organisations
and their people; held messages

Existing customers (link codes) become organisations of the same name; a linked chat becomes one
of its people.

Revision ID: 0014
Revises: 0009
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'organisations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('contract', sa.String(length=16), nullable=False),
        sa.Column('slack_groups', sa.JSON(), nullable=False),
        sa.Column('email_domains', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'organisation_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('platform', sa.String(length=16), nullable=False),
        sa.Column('user_id', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('platform', 'user_id', name='uq_organisation_members_person'),
    )
    op.create_index('ix_organisation_members_organisation_id', 'organisation_members', ['organisation_id'], unique=False)

    # Plain ADD COLUMNs (with an inline REFERENCES on SQLite): copying the tickets table, as a batch
    # migration does on SQLite, would break the rows that reference it.
    _add_reference('tickets', 'organisation_id', 'organisations')
    _add_reference('tickets', 'merged_into_id', 'tickets')
    _add_reference('customers', 'organisation_id', 'organisations')
    op.add_column('tickets', sa.Column('ticket_type', sa.String(length=32), nullable=True))
    op.add_column('tickets', sa.Column('product', sa.String(length=32), nullable=True))
    op.add_column('tickets', sa.Column('module', sa.String(length=32), nullable=True))
    op.add_column('tickets', sa.Column('version', sa.String(length=64), nullable=True))
    op.add_column('tickets', sa.Column('requester_urgency', sa.String(length=16), nullable=True))
    op.add_column('tickets', sa.Column('queue', sa.String(length=32), nullable=True))
    op.add_column('tickets', sa.Column('requester_context', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column('tickets', sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True))
    op.add_column('tickets', sa.Column('customer_reminded_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('tickets', sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    for column in ('ticket_type', 'product', 'organisation_id', 'queue'):
        op.create_index(f'ix_tickets_{column}', 'tickets', [column], unique=False)
    op.add_column('requesters', sa.Column('context', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column('pending_actions', sa.Column('text', sa.Text(), nullable=True))
    op.add_column('pending_actions', sa.Column('attachments', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    _customers_become_organisations()


def _add_reference(table: str, column: str, referred: str) -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {referred} (id)')
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), sa.ForeignKey(f'{referred}.id'), nullable=True))


def _customers_become_organisations() -> None:
    connection = op.get_bind()
    customers = sa.table('customers', sa.column('id', sa.Integer), sa.column('name', sa.String),
                         sa.column('platform', sa.String), sa.column('user_id', sa.String),
                         sa.column('organisation_id', sa.Integer))
    organisations = sa.table('organisations', sa.column('id', sa.Integer), sa.column('name', sa.String),
                             sa.column('contract', sa.String), sa.column('slack_groups', sa.JSON),
                             sa.column('email_domains', sa.JSON), sa.column('created_at', sa.DateTime(timezone=True)))
    members = sa.table('organisation_members', sa.column('organisation_id', sa.Integer), sa.column('platform', sa.String),
                       sa.column('user_id', sa.String), sa.column('created_at', sa.DateTime(timezone=True)))
    now = datetime.now(UTC)
    known: dict[str, int] = {}
    people: set[tuple[str, str]] = set()
    rows = connection.execute(sa.select(customers.c.id, customers.c.name, customers.c.platform, customers.c.user_id)
                              .order_by(customers.c.id)).all()
    for customer_id, name, platform, user_id in rows:
        key = (name or "").strip()[:200] or f"#{customer_id}"
        if key not in known:
            connection.execute(organisations.insert().values(name=key, contract='none', slack_groups=[], email_domains=[],
                                                             created_at=now))
            known[key] = connection.execute(sa.select(organisations.c.id).where(organisations.c.name == key)).scalar_one()
        connection.execute(customers.update().where(customers.c.id == customer_id).values(organisation_id=known[key]))
        if platform and user_id and (platform, user_id) not in people:
            people.add((platform, user_id))
            connection.execute(members.insert().values(organisation_id=known[key], platform=platform, user_id=user_id,
                                                       created_at=now))


def downgrade() -> None:
    with op.batch_alter_table('pending_actions', schema=None) as batch_op:
        batch_op.drop_column('attachments')
        batch_op.drop_column('text')
    with op.batch_alter_table('requesters', schema=None) as batch_op:
        batch_op.drop_column('context')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('organisation_id')
    for column in ('ticket_type', 'product', 'organisation_id', 'queue'):
        op.drop_index(f'ix_tickets_{column}', table_name='tickets')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        for column in ('search_text', 'customer_reminded_at', 'waiting_since', 'merged_into_id', 'requester_context',
                       'queue', 'organisation_id', 'requester_urgency', 'version', 'module', 'product', 'ticket_type'):
            batch_op.drop_column(column)
    op.drop_index('ix_organisation_members_organisation_id', table_name='organisation_members')
    op.drop_table('organisation_members')
    op.drop_table('organisations')
