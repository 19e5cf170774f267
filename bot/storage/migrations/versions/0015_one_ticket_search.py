"""one ticket search: what only agents read gets a text of its own on the ticket (search_notes),
beside what the requester may find it by (search_text); the web desk's ticket_search table goes

Both texts are filled for every ticket already there, from its columns and its audit trail, by
the function that keeps them current (bot.tickets.search_index).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from bot.lifecycle.actors import ActorKind
from bot.tickets.events import TicketEventKind
from bot.tickets.search_index import COLUMNS, SaidLine, ticket_texts
from bot.tickets.status import TicketStatus

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

BATCH = 500
_JSON = {"answers", "requester_context", "attachments"}


def upgrade() -> None:
    op.add_column('tickets', sa.Column('search_notes', sa.Text(), nullable=False, server_default=''))
    op.drop_table('ticket_search')
    _fill()


def _fill() -> None:
    connection = op.get_bind()
    tickets = sa.table('tickets', sa.column('id', sa.Integer), sa.column('organisation_id', sa.Integer),
                       sa.column('search_text', sa.Text), sa.column('search_notes', sa.Text),
                       *(sa.column(name, sa.JSON if name in _JSON else sa.String) for name in COLUMNS))
    events = sa.table('ticket_events', sa.column('id', sa.Integer), sa.column('ticket_id', sa.Integer),
                      sa.column('kind', sa.String), sa.column('actor_kind', sa.String), sa.column('to_status', sa.String),
                      sa.column('note', sa.Text), sa.column('actor_name', sa.String))
    names = connection.execute(sa.text('SELECT id, name FROM organisations')).all()
    organisations: dict[int, str] = {row[0]: row[1] for row in names}
    last = 0
    while True:
        rows = connection.execute(sa.select(tickets).where(tickets.c.id > last).order_by(tickets.c.id).limit(BATCH)).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        said: dict[int, list[SaidLine]] = {i: [] for i in ids}
        found = connection.execute(sa.select(events.c.ticket_id, events.c.kind, events.c.actor_kind, events.c.to_status,
                                             events.c.note, events.c.actor_name)
                                   .where(events.c.ticket_id.in_(ids)).order_by(events.c.id))
        for ticket_id, kind, actor_kind, to_status, note, actor_name in found:
            said[ticket_id].append(_line(kind, actor_kind, to_status, note, actor_name))
        for row in rows:
            columns = {name: row._mapping[name] for name in COLUMNS}
            text, notes = ticket_texts(columns, organisations.get(row.organisation_id), said[row.id])
            connection.execute(tickets.update().where(tickets.c.id == row.id).values(search_text=text, search_notes=notes))
        last = ids[-1]


def _line(kind: str, actor_kind: str, to_status: str | None, note: str | None, actor_name: str | None) -> SaidLine:
    return SaidLine(TicketEventKind(kind), ActorKind(actor_kind), TicketStatus(to_status) if to_status else None,
                    note or "", actor_name or "")


def downgrade() -> None:
    op.create_table('ticket_search',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('ticket_id')
    )
    if op.get_bind().dialect.name == 'sqlite':
        # A plain DROP COLUMN (SQLite 3.35+): copying the tickets table, as a batch migration does,
        # would break the rows that reference it.
        op.execute('ALTER TABLE tickets DROP COLUMN search_notes')
    else:
        op.drop_column('tickets', 'search_notes')
