"""Helpers of the desk's tests: queries as the queue page builds them, a team member's web account,
the tickets a query finds."""

from __future__ import annotations

from typing import Any

from adapters.web.desk_port import DeskPort
from adapters.web.ticket_view import TicketView
from bot.i18n import Language
from bot.messages import Platform, Sender
from bot.queue.columns import COLUMNS_BY_KEY
from bot.queue.filters import chosen_filters
from bot.queue.listing import QueueQuery, QueueRow
from bot.web_access.accounts import WebAccount
from tests.web.seed import AGENT_ID, AGENT_NAME

ME = (Platform.TELEGRAM, AGENT_ID)


def account(desk: DeskPort, user_id: str = AGENT_ID, name: str = AGENT_NAME) -> WebAccount:
    """The web account of a team member, made as a sign-in request makes it."""
    with desk.bot.sessions.begin() as session:
        return desk.bot.web.accounts.chat_account(session, Sender(Platform.TELEGRAM, user_id, name), Language.FR)


def query(per_page: int = 100, sort: str = "updated_at", descending: bool = True, page: int = 1, **params: str) -> QueueQuery:
    """A query as the queue page builds it from a URL (every status unless one is asked for)."""
    return QueueQuery(chosen_filters({"status": "", **params}), sort, descending, page, per_page, ME)


def view_of(desk: DeskPort, reference: str) -> TicketView:
    screen = desk.ticket(reference)
    assert screen is not None
    return screen.view


def refs(desk: DeskPort, **params: Any) -> list[str]:
    return [r.reference for r in desk.queue(query(**params)).rows]


def cell(row: QueueRow, key: str) -> object:
    return row.cells[list(COLUMNS_BY_KEY).index(key)]
