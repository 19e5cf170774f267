"""What the ticket service needs of triage and of the agents' toolbox, built once in bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.models import TicketRow
from bot.toolbox.articles import ArticleLibrary
from bot.toolbox.canned import CannedResponses
from bot.triage.config import TriageConfig
from bot.triage.labels import TriageLabels
from bot.triage.organisations import Organisations
from bot.triage.queues import QueueDirectory
from bot.triage.requalification import Requalifier
from bot.triage.search import search_text


@dataclass(frozen=True)
class TriageTools:
    config: TriageConfig
    queues: QueueDirectory
    organisations: Organisations
    labels: TriageLabels
    requalifier: Requalifier
    canned: CannedResponses
    articles: ArticleLibrary | None  # None: no knowledge base in this process

    def index(self, ticket: TicketRow) -> None:
        """Refresh the folded text a search matches (after filing, a requalification, a merge)."""
        context = ticket.requester_context
        organisation = self.labels.organisation_row(ticket)
        ticket.search_text = search_text([
            ticket.reference, ticket.summary, ticket.description, ticket.requester_name, ticket.requester_id,
            context.username, context.email, organisation.name if organisation else None, ticket.ticket_type,
            ticket.product, ticket.module, ticket.version,
        ])

    def route(self, ticket: TicketRow) -> str:
        """The queue a ticket goes to by the routing rules."""
        organisation = self.labels.organisation_row(ticket)
        return self.queues.route(ticket.ticket_type, ticket.product, ticket.module,
                                 organisation.name if organisation else None).id
