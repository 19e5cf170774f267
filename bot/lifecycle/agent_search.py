"""Agents search every ticket from chat (``search facture org:acme``, ``!search``, ``/search``):
by reference, words, requester, organisation, status and the other triage fields."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.i18n import keys
from bot.lifecycle.notices import Notices
from bot.messages import TextReply
from bot.storage.models import TicketRow
from bot.text import shorten
from bot.triage.finder import TicketFinder
from bot.triage.search import MIN_LETTERS

SHOWN = 15


class AgentSearch:
    def __init__(self, finder: TicketFinder, notices: Notices) -> None:
        self.finder = finder
        self.notices = notices

    def reply(self, session: Session, text: str, cmd: str) -> TextReply:
        t = self.notices.for_agents
        if not text.strip():
            return TextReply(t("agent.search_usage", cmd=cmd), ephemeral=True)
        outcome = self.finder.search(session, text, limit=SHOWN)
        if outcome.too_short:
            return TextReply(t("agent.search_too_short", minimum=MIN_LETTERS, cmd=cmd), ephemeral=True)
        if outcome.problems:
            return TextReply(t("agent.search_bad_filter", problems="; ".join(outcome.problems)), ephemeral=True)
        if outcome.unknown_organisation is not None:
            return TextReply(t("agent.search_unknown_organisation", name=shorten(outcome.unknown_organisation, 60)),
                             ephemeral=True)
        page = outcome.page
        if page is None or not page.tickets:
            return TextReply(t("agent.search_none", query=shorten(text, 80)), ephemeral=True)
        lines = [t("agent.search_results", count=len(page.tickets), total=page.total)]
        lines += [self.line(ticket) for ticket in page.tickets]
        return TextReply("\n".join(lines), ephemeral=True)

    def line(self, ticket: TicketRow) -> str:
        status = self.notices.for_agents(keys.agent_status(ticket.status))
        requester = ticket.requester_name or ticket.requester_id
        return f"• {ticket.reference} [{status}] {shorten(ticket.summary, 60)} — {requester}"
