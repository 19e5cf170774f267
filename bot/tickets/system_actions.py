"""What supportbot itself does to a ticket when time passes (Sage: "résolue", then closed):
close a resolved ticket its requester never confirmed, remind a requester support is waiting for,
then close or hold the ticket when they still do not answer. Called by the follow-ups job
(:mod:`bot.lifecycle.follow_ups`) on a locked ticket; the table's ``SYSTEM`` rules allow them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.lifecycle.actors import Actor
from bot.messages import Reply, TextReply
from bot.storage.models import TicketEventRow, TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.events import TicketEventKind
from bot.tickets.results import ActionResult
from bot.tickets.status import TicketStatus as S
from bot.tickets.workflow import TicketWorkflow


class SystemActions(TicketWorkflow):
    def close_unconfirmed(self, session: Session, ticket: TicketRow, days: int) -> ActionResult:
        """Resolved, and no answer from the requester for ``days`` business days: closed."""
        notice = self.notices.to_requester(ticket, "notice.auto_closed", days=days, reopen=self.reopen_window.days)
        return self._system_step(session, ticket, A.CLOSE, "agent.auto_closed",
                                 [notice, self.notices.satisfaction_question(ticket)], days)

    def remind_requester(self, session: Session, ticket: TicketRow, days: int) -> None:
        """Support asked something ``days`` business days ago and is still waiting: the question again."""
        ticket.customer_reminded_at = self.clock()
        self.audit.record(session, ticket, TicketEventKind.CUSTOMER_REMINDER, Actor.system())
        notice = self.notices.to_requester(ticket, "notice.reminder", days=days, question=self._last_question(session, ticket))
        self.notifier.to_requester(session, ticket, [notice])
        self.notifier.to_agents(session, ticket, [TextReply(self.notices.for_agents(
            "agent.requester_reminded", reference=ticket.reference, days=days))])

    def close_unanswered(self, session: Session, ticket: TicketRow, days: int) -> ActionResult:
        notice = self.notices.to_requester(ticket, "notice.closed_unanswered", reopen=self.reopen_window.days)
        return self._system_step(session, ticket, A.CLOSE, "agent.closed_unanswered", [notice], days)

    def hold_unanswered(self, session: Session, ticket: TicketRow, days: int) -> ActionResult:
        notice = self.notices.to_requester(ticket, "notice.held_unanswered")
        return self._system_step(session, ticket, A.HOLD, "agent.held_unanswered", [notice], days)

    def _system_step(self, session: Session, ticket: TicketRow, action: A, line: str, notices: list[Reply],
                     days: int) -> ActionResult:
        system = Actor.system()
        text = self.notices.for_agents(line, reference=ticket.reference, days=days)
        before = self.audit.apply(session, ticket, action, system, text)
        for notice in notices:
            self.notifier.to_requester(session, ticket, [notice])
        self.notifier.card_changed(session, ticket)
        self.notifier.to_agents(session, ticket, [TextReply(text)])
        return ActionResult(action, ticket.id, ticket.reference or "", system, before, ticket.status)

    @staticmethod
    def _last_question(session: Session, ticket: TicketRow) -> str:
        """What support asked last (the note of the move to waiting for the requester)."""
        query = (select(TicketEventRow.note)
                 .where(TicketEventRow.ticket_id == ticket.id, TicketEventRow.to_status == S.WAITING_CUSTOMER)
                 .order_by(TicketEventRow.id.desc()).limit(1))
        return session.scalars(query).first() or ""
