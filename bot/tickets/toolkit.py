"""What the ticket service needs of triage and of the agents' toolbox, built once in bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.models import TicketRow
from bot.toolbox.articles import ArticleLibrary
from bot.toolbox.canned import CannedResponses
from bot.triage.access import QueueAccess
from bot.triage.config import TriageConfig
from bot.triage.labels import TriageLabels
from bot.triage.organisations import Organisations
from bot.triage.queues import QueueDirectory
from bot.triage.requalification import Requalifier


@dataclass(frozen=True)
class TriageTools:
    config: TriageConfig
    queues: QueueDirectory
    organisations: Organisations
    labels: TriageLabels
    requalifier: Requalifier
    canned: CannedResponses
    articles: ArticleLibrary | None  # None: no knowledge base in this process
    access: QueueAccess  # who may act on which queue's tickets

    def route(self, ticket: TicketRow) -> str:
        """The queue a ticket goes to by the routing rules."""
        organisation = self.labels.organisation_row(ticket)
        return self.queues.route(ticket.ticket_type, ticket.product, ticket.module,
                                 organisation.name if organisation else None).id
