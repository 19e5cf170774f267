"""What agents do to a ticket. Every method checks that the actor is an agent, applies the
transitions table (:class:`bot.errors.ActionRefused` otherwise), marks the SLA milestones the
action meets, records the audit trail, and queues what the requester and the other agents must
be told; it returns an :class:`ActionResult` and says nothing to the actor itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.errors import NotAnAgent, TextRequired
from bot.lifecycle.actors import Actor
from bot.messages import TextReply
from bot.storage.models import PendingKind, TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.events import TicketEventKind
from bot.tickets.repository import TicketKey
from bot.tickets.results import ActionResult
from bot.tickets.status import TicketStatus as S
from bot.tickets.workflow import TicketWorkflow


class AgentActions(TicketWorkflow):
    def claim(self, session: Session, ticket: TicketKey, agent: Actor) -> ActionResult:
        """The agent takes the ticket: a new one moves to in progress and its requester is told who has it."""
        return self.assign(session, ticket, agent, agent)

    def assign(self, session: Session, ticket: TicketKey, actor: Actor, assignee: Actor) -> ActionResult:
        """``assignee`` (an agent) takes the ticket; ``actor`` did it (the assignee, for a claim). An
        agent given a ticket by someone else is told in a direct message."""
        action = A.CLAIM if actor == assignee else A.ASSIGN
        row = self._agent_ticket(session, ticket, actor, action)
        if not self.is_agent(assignee):
            raise NotAnAgent(assignee.key or assignee.name)
        notices = [self.notices.taken(row, assignee.name)] if row.status is S.NEW else []
        self._assign(session, row, actor, assignee)
        if action is A.ASSIGN and assignee.platform is not None:
            told = self.notices.for_agents("agent.assigned_to_you", reference=row.reference, by=actor.name, summary=row.summary)
            self.notifier.to_agent(session, row, assignee.platform, assignee.user_id, [TextReply(told)])
        return self._agent_step(session, row, actor, action, notices=notices, assignee=assignee.name)

    def ask(self, session: Session, ticket: TicketKey, agent: Actor, question: str) -> ActionResult:
        """Ask the requester for information: their next message (outside a new request) is the answer."""
        row = self._agent_ticket(session, ticket, agent, A.ASK)
        _needs(question, A.ASK, "agent.ask_field")
        self._take_if_unassigned(row, agent)
        result = self._agent_step(session, row, agent, A.ASK, note=question, notices=[self.notices.question(row, question)])
        self.pending.set(session, row.requester_platform, row.requester_id, row.id, PendingKind.REQUESTER_INFO)
        return result

    def reply(self, session: Session, ticket: TicketKey, agent: Actor, message: str) -> ActionResult:
        """A message to the requester; on a new ticket the agent takes it first."""
        row = self._agent_ticket(session, ticket, agent, A.REPLY)
        _needs(message, A.REPLY, "agent.reply_field")
        self.audit.record(session, row, TicketEventKind.REPLY, agent, message)
        notices = [self.notices.reply(row, message)]
        if row.status is S.NEW:
            self._assign(session, row, agent, agent)
            notices.insert(0, self.notices.taken(row, agent.name))
        return self._agent_step(session, row, agent, A.REPLY, notices=notices)

    def note(self, session: Session, ticket: TicketKey, agent: Actor, text: str) -> ActionResult:
        """An internal note: the audit trail keeps it, nobody is told, the SLA clock runs on."""
        row = self._agent_ticket(session, ticket, agent, A.NOTE)
        _needs(text, A.NOTE, "agent.note_field")
        before = self.audit.apply(session, row, A.NOTE, agent)
        self.audit.record(session, row, TicketEventKind.NOTE, agent, text)
        return ActionResult(A.NOTE, row.id, row.reference or "", agent, before, row.status)

    def escalate(self, session: Session, ticket: TicketKey, agent: Actor, team_and_reason: str) -> ActionResult:
        """Hand to another team. The reason is internal: the requester only learns another team has it."""
        row = self._agent_ticket(session, ticket, agent, A.ESCALATE)
        _needs(team_and_reason, A.ESCALATE, "agent.escalate_field")
        self._take_if_unassigned(row, agent)
        row.escalated_to = team_and_reason[:200]
        return self._status_step(session, row, agent, A.ESCALATE, team_and_reason)

    def wait_for_development(
        self, session: Session, ticket: TicketKey, agent: Actor, *, next_update: bool = False, note: str = "",
    ) -> ActionResult:
        """A defect waiting for a fix; ``next_update`` tells the requester it comes with the next one."""
        row = self._agent_ticket(session, ticket, agent, A.WAIT_DEVELOPMENT)
        self._take_if_unassigned(row, agent)
        row.fix_in_next_update = next_update
        notice = self.notices.waiting_development(row, next_update)
        return self._agent_step(session, row, agent, A.WAIT_DEVELOPMENT, note=note, notices=[notice],
                                note_kept=bool(note), next_update=next_update)

    def hold(self, session: Session, ticket: TicketKey, agent: Actor, note: str = "") -> ActionResult:
        """On hold at the customer's request: the SLA clock stops until the ticket comes back."""
        row = self._agent_ticket(session, ticket, agent, A.HOLD)
        self._take_if_unassigned(row, agent)
        return self._status_step(session, row, agent, A.HOLD, note)

    def resume(self, session: Session, ticket: TicketKey, agent: Actor, note: str = "") -> ActionResult:
        """Back to work after waiting for the customer, an escalation, a fix or a hold."""
        row = self._agent_ticket(session, ticket, agent, A.RESUME)
        return self._status_step(session, row, agent, A.RESUME, note)

    def resolve(
        self, session: Session, ticket: TicketKey, agent: Actor, *, note: str = "", message_to_requester: str = "",
    ) -> ActionResult:
        """The requester is asked to confirm. ``note`` stays internal; ``message_to_requester`` is
        shown with the question (an explicit field: nothing internal reaches a requester by mistake)."""
        row = self._agent_ticket(session, ticket, agent, A.RESOLVE)
        self._take_if_unassigned(row, agent)
        if message_to_requester:
            self.audit.record(session, row, TicketEventKind.REPLY, agent, message_to_requester)
        question = self.notices.resolution_question(row, message_to_requester)
        return self._agent_step(session, row, agent, A.RESOLVE, note=note, notices=[question], note_kept=bool(note))

    def close(self, session: Session, ticket: TicketKey, agent: Actor, note: str = "") -> ActionResult:
        """Closed by support: the requester is told, and asked how satisfied they are."""
        row = self._agent_ticket(session, ticket, agent, A.CLOSE)
        self._take_if_unassigned(row, agent)
        notices = [self.notices.closed(row), self.notices.satisfaction_question(row)]
        return self._agent_step(session, row, agent, A.CLOSE, note=note, notices=notices, note_kept=bool(note))

    def reopen(self, session: Session, ticket: TicketKey, agent: Actor, note: str = "") -> ActionResult:
        """A resolved or closed ticket back in progress (an agent may reopen after the requesters' window)."""
        row = self._agent_ticket(session, ticket, agent, A.REOPEN)
        return self._status_step(session, row, agent, A.REOPEN, note)

    def cancel_by_agent(self, session: Session, ticket: TicketKey, agent: Actor, note: str = "") -> ActionResult:
        """Void (a duplicate, a test): the requester is told support cancelled it."""
        row = self._agent_ticket(session, ticket, agent, A.CANCEL)
        return self._status_step(session, row, agent, A.CANCEL, note)

    # --- helpers ----------------------------------------------------------------------

    def _status_step(self, session: Session, row: TicketRow, agent: Actor, action: A, note: str) -> ActionResult:
        notice = self.notices.status_notice(row, action)
        notices: list[TextReply] = [notice] if notice is not None else []
        return self._agent_step(session, row, agent, action, note=note, notices=notices,
                                note_kept=bool(note) and action is not A.ESCALATE)

    def _take_if_unassigned(self, row: TicketRow, agent: Actor) -> None:
        """Whoever moves an unassigned ticket forward has it (recorded as the action, not as a claim)."""
        if not row.assignee_id:
            row.assignee_platform, row.assignee_id, row.assignee_name = agent.platform, agent.user_id, agent.name


def _needs(text: str, action: A, field: str) -> None:
    if not text.strip():
        raise TextRequired(action, field)
