"""The steps every ticket action shares: find the ticket, check who acts, apply the transitions
table, mark the SLA, tell the others. :class:`bot.tickets.service.TicketService` is built on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.errors import NotAnAgent, NotYourTicket
from bot.lifecycle.actors import Actor, ActorKind, AgentRegistry
from bot.lifecycle.notices import Notices
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.transitions import AuditTrail
from bot.messages import Reply, TextReply
from bot.sla.policy import SlaMilestone
from bot.sla.state import MilestoneMark
from bot.storage.models import TicketRow
from bot.tickets.actions import TicketAction
from bot.tickets.events import TicketEventKind
from bot.tickets.repository import TicketKey, TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.toolkit import TriageTools

# The SLA milestones an agent's action meets; the others meet all three (a qualified answer).
MET_BY: dict[TicketAction, tuple[SlaMilestone, ...]] = {
    TicketAction.CLAIM: (SlaMilestone.ACK,),
    TicketAction.ASSIGN: (SlaMilestone.ACK,),
    TicketAction.HOLD: (SlaMilestone.ACK,),
    TicketAction.REPLY: (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION),
    TicketAction.ASK: (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION),
    TicketAction.NOTE: (),
    TicketAction.RESUME: (),
    TicketAction.REOPEN: (),
    TicketAction.CANCEL: (),
    TicketAction.CANNED: (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION),
    TicketAction.ARTICLE: (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION),
    TicketAction.REQUALIFY: (),  # taking the ticket acknowledges it, answering qualifies it: not a reclassification
    TicketAction.ROUTE: (),
}


class TicketWorkflow:
    def __init__(
        self, audit: AuditTrail, notifier: Notifier, notices: Notices, sla: SlaClock, pending: PendingActions,
        agents: AgentRegistry, clock: Callable[[], datetime], reopen_window: timedelta, triage: TriageTools,
    ) -> None:
        self.audit = audit
        self.notifier = notifier
        self.notices = notices
        self.sla = sla
        self.pending = pending
        self.agents = agents
        self.clock = clock
        self.reopen_window = reopen_window
        self.triage = triage

    def is_agent(self, actor: Actor) -> bool:
        if actor.kind is not ActorKind.AGENT or actor.platform is None:
            return False
        return self.agents.is_agent(actor.platform, actor.user_id)

    def can_reopen(self, ticket: TicketRow) -> bool:
        """Whether a requester's message may still reactivate this closed ticket."""
        closed = ticket.closed_at or ticket.updated_at
        return self.clock() - closed <= self.reopen_window

    # --- steps ------------------------------------------------------------------------

    def _agent_ticket(self, session: Session, key: TicketKey, agent: Actor, action: TicketAction) -> TicketRow:
        """The ticket an agent acts on, once it is sure the actor is an agent and the table allows it."""
        if not self.is_agent(agent):
            raise NotAnAgent(agent.key or agent.name)
        ticket = TicketRepository(session).get(key)
        self.audit.check(ticket, action, agent)
        return ticket

    def _requester_ticket(self, session: Session, key: TicketKey, requester: Actor) -> TicketRow:
        """The requester's own ticket; someone else's is refused. The table is checked by the caller
        (a message on a closed ticket has a rule of its own)."""
        ticket = TicketRepository(session).get(key)
        if (ticket.requester_platform, ticket.requester_id) != (requester.platform, requester.user_id):
            raise NotYourTicket(ticket.reference or "")
        return ticket

    def _agent_step(
        self, session: Session, ticket: TicketRow, agent: Actor, action: TicketAction, *, note: str = "",
        notices: Sequence[Reply] = (), note_kept: bool = False, next_update: bool = False, assignee: str = "",
        detail: str = "",
    ) -> ActionResult:
        """Apply ``action`` (the table may refuse it), then the SLA marks, the requester's notices,
        the card's update and a line in the agents' thread."""
        before = self.audit.apply(session, ticket, action, agent, note)
        now = self.clock()
        for milestone in MET_BY.get(action, tuple(SlaMilestone)):
            self.sla.mark(ticket, milestone, MilestoneMark.MET, now)
        ticket.updated_at = now
        for notice in notices:  # one message each: a question with buttons stands on its own
            self.notifier.to_requester(session, ticket, [notice])
        result = ActionResult(action, ticket.id, ticket.reference or "", agent, before, ticket.status, note_kept, detail)
        self.notifier.card_changed(session, ticket)
        summary = self.notices.done(result, next_update=next_update, assignee=assignee)
        self.notifier.to_agents(session, ticket, [TextReply(summary)])
        return result

    def _assign(self, session: Session, ticket: TicketRow, actor: Actor, assignee: Actor) -> None:
        ticket.assignee_platform, ticket.assignee_id, ticket.assignee_name = assignee.platform, assignee.user_id, assignee.name
        self.audit.record(session, ticket, TicketEventKind.ASSIGNED, actor, assignee.name)
