"""What happens when a requester presses Submit: the ticket is filed, stamped with its SLA
due times, announced to the agents (through the outbox) and confirmed to the requester."""

from __future__ import annotations

from datetime import timedelta

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
from bot.storage.models import ConversationRow
from bot.tickets.events import TicketEventKind
from bot.tickets.filing import TicketFiler
from bot.tickets.repository import TicketRepository
from bot.tickets.status import TicketStatus


class Submission:
    def __init__(
        self, filer: TicketFiler, catalog: Catalog, sla: SlaClock, audit: AuditTrail, notifier: Notifier,
        hints: CommandHints, tickets_per_day: int,
    ) -> None:
        self.hints = hints
        self.filer = filer
        self.catalog = catalog
        self.sla = sla
        self.audit = audit
        self.notifier = notifier
        self.tickets_per_day = tickets_per_day

    def __call__(self, session: Session, conv: ConversationRow) -> list[Reply]:
        lang = Language(conv.lang)
        if self._over_daily_limit(session, conv):
            conv.stage = Stage.RECAP
            return [TextReply(self.catalog.text(lang, "access.too_many_tickets", limit=self.tickets_per_day,
                                                cmd=self.hints.requester(conv.platform)))]
        ticket = self.filer.file(session, conv)
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

    def _over_daily_limit(self, session: Session, conv: ConversationRow) -> bool:
        if self.tickets_per_day <= 0:
            return False
        since = self.filer.clock() - timedelta(days=1)
        return TicketRepository(session).filed_since(conv.platform, conv.user_id, since) >= self.tickets_per_day
