"""What happens when a requester presses Submit: the ticket is filed with the requester's context
and organisation, routed to its agents' queue, stamped with its SLA due times, announced to that
queue's agents (through the outbox) and confirmed to the requester."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.stage import Stage
from bot.i18n import Catalog, Language, keys
from bot.i18n.commands import CommandHints
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.transitions import AuditTrail
from bot.messages import Reply, TextReply
from bot.sla.hours_notice import agents_back_at, format_moment
from bot.storage.models import ConversationRow, RequesterRow, TicketRow
from bot.tickets.events import TicketEventKind
from bot.tickets.filing import TicketFiler
from bot.tickets.repository import TicketRepository
from bot.tickets.status import TicketStatus
from bot.tickets.toolkit import TriageTools
from bot.triage.context import RequesterContext


class Submission:
    def __init__(
        self, filer: TicketFiler, catalog: Catalog, sla: SlaClock, audit: AuditTrail, notifier: Notifier,
        hints: CommandHints, tickets_per_day: int, triage: TriageTools,
    ) -> None:
        self.triage = triage
        self.hints = hints
        self.filer = filer
        self.catalog = catalog
        self.sla = sla
        self.audit = audit
        self.notifier = notifier
        self.tickets_per_day = tickets_per_day

    def __call__(self, session: Session, conv: ConversationRow) -> list[Reply]:
        lang = Language(conv.lang)
        # The reads before the audit trail's depend on nothing this turn changed (tickets filed
        # before it, the requester's row, organisations): without autoflushes, the new ticket's
        # columns are written once, with its first event, instead of one UPDATE per read.
        with session.no_autoflush:
            if self._over_daily_limit(session, conv):
                conv.stage = Stage.RECAP
                return [TextReply(self.catalog.text(lang, "access.too_many_tickets", limit=self.tickets_per_day,
                                                    cmd=self.hints.requester(conv.platform)))]
            ticket = self.filer.file(session, conv)
            self._triage(session, ticket)
        now = ticket.created_at
        self.sla.stamp(ticket, now)
        requester = Actor(ActorKind.REQUESTER, conv.platform, conv.user_id, conv.display_name or conv.user_id)
        self.audit.record(session, ticket, TicketEventKind.CREATED, requester, to_status=TicketStatus.NEW)
        self.notifier.new_ticket(session, ticket)
        text = self.catalog.text(lang, "ticket.filed", reference=ticket.reference, cmd=self.hints.requester(conv.platform),
                                 priority=self.catalog.text(lang, keys.priority(ticket.priority)))
        replies: list[Reply] = [TextReply(text)]
        back = agents_back_at(self.sla.calendar, now)
        if back is not None:
            moment = format_moment(back, lang, self.sla.calendar)
            replies.append(TextReply(self.catalog.text(lang, "ticket.out_of_hours", back=moment)))
        return replies

    def _triage(self, session: Session, ticket: TicketRow) -> None:
        """What the platform said of the requester, their organisation, the queue that takes it."""
        requester = session.scalars(select(RequesterRow).where(
            RequesterRow.platform == ticket.requester_platform, RequesterRow.user_id == ticket.requester_id)).first()
        context = requester.context if requester is not None else RequesterContext()
        ticket.requester_context = context
        organisation = self.triage.organisations.of_person(session, ticket.requester_platform, ticket.requester_id, context)
        ticket.organisation_id = organisation.id if organisation is not None else None
        ticket.queue = self.triage.route(ticket)

    def _over_daily_limit(self, session: Session, conv: ConversationRow) -> bool:
        if self.tickets_per_day <= 0:
            return False
        since = self.filer.clock() - timedelta(days=1)
        return TicketRepository(session).filed_since(conv.platform, conv.user_id, since) >= self.tickets_per_day
