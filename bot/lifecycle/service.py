"""Agent and requester actions on a ticket: status changes, relays, notices, SLA milestones.

Each method runs inside the caller's transaction, changes the ticket, records the audit
trail, queues what others must be told in the outbox, and returns what to answer the actor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.i18n import keys
from bot.i18n import Catalog, Language
from bot.lifecycle.actors import Actor
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.pending import PendingActions
from bot.storage.models import PendingKind
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.ticket_buttons import AgentAction
from bot.lifecycle.transitions import AuditTrail, InvalidTransition, TicketEventKind, can_move
from bot.messages import Attachment, Reply, TextReply
from bot.sla.policy import SlaMilestone
from bot.sla.state import MilestoneMark
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus as S

log = logging.getLogger(__name__)

_MET_BY: dict[AgentAction, tuple[SlaMilestone, ...]] = {
    AgentAction.CLAIM: (SlaMilestone.ACK,),
    AgentAction.NOTE: (),
    AgentAction.REPLY: (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION),
    AgentAction.ASK: (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION),
    AgentAction.HOLD: (SlaMilestone.ACK,),
}
_ALL_MET = (SlaMilestone.ACK, SlaMilestone.FIRST_QUALIFICATION, SlaMilestone.FINAL_QUALIFICATION)
_TARGET: dict[AgentAction, S] = {
    AgentAction.ASK: S.WAITING_CUSTOMER,
    AgentAction.ESCALATE: S.ESCALATED,
    AgentAction.WAIT_DEV: S.WAITING_DEVELOPMENT,
    AgentAction.WAIT_DEV_NEXT: S.WAITING_DEVELOPMENT,
    AgentAction.HOLD: S.ON_HOLD,
    AgentAction.RESOLVE: S.RESOLVED,
    AgentAction.CLOSE: S.CLOSED,
}


class TicketLifecycle:
    def __init__(
        self, audit: AuditTrail, notifier: Notifier, sla: SlaClock, catalog: Catalog, agents_language: Language,
        reopen_days: int, clock: Callable[[], datetime], pending: PendingActions,
    ) -> None:
        self.pending = pending
        self.audit = audit
        self.notifier = notifier
        self.sla = sla
        self.catalog = catalog
        self.agents_language = agents_language
        self.reopen_window = timedelta(days=reopen_days)
        self.clock = clock

    def a(self, key: str, **params: object) -> str:
        return self.catalog.text(self.agents_language, key, **params)

    # --- agents -----------------------------------------------------------------------

    def agent_act(self, session: Session, ticket: TicketRow, agent: Actor, action: AgentAction, text: str = "") -> list[Reply]:
        current = S(ticket.status)
        if action is AgentAction.NOTE:
            self.audit.record(session, ticket, TicketEventKind.NOTE, agent, text)
            return [TextReply(self.a("agent.note_recorded", reference=ticket.reference), ephemeral=True)]
        if not current.is_open and action is not AgentAction.REPLY:
            return [TextReply(self.a("agent.ticket_done", reference=ticket.reference,
                                     status=self.a(keys.agent_status(current))), ephemeral=True)]
        if action is AgentAction.CLAIM:
            self._claim(session, ticket, agent)
        elif action is AgentAction.REPLY:
            self._reply(session, ticket, agent, text)
        else:
            target = _TARGET[action]
            if not can_move(current, target):
                return [TextReply(self.a("agent.not_allowed", status=self.a(keys.agent_status(current)),
                                         target=self.a(keys.agent_status(target))), ephemeral=True)]
            self._change(session, ticket, agent, action, target, text)
        now = self.clock()
        for milestone in _MET_BY.get(action, _ALL_MET):
            self.sla.mark(ticket, milestone, MilestoneMark.MET, now)
        ticket.updated_at = now
        self.notifier.card_changed(session, ticket)
        summary = self.a(f"agent.done_{action.value}", reference=ticket.reference, agent=agent.name)
        self.notifier.to_agents(session, ticket, [TextReply(summary)])
        return [TextReply(summary, ephemeral=True)]

    def _claim(self, session: Session, ticket: TicketRow, agent: Actor) -> None:
        ticket.assignee_platform, ticket.assignee_id, ticket.assignee_name = agent.platform, agent.user_id, agent.name
        self.audit.record(session, ticket, TicketEventKind.ASSIGNED, agent, agent.name)
        if S(ticket.status) in {S.NEW, S.ON_HOLD}:
            self.audit.move(session, ticket, S.IN_PROGRESS, agent)
            self.notifier.to_requester(session, ticket, [self.notifier.cards.notice(ticket, "notice.in_progress", agent=agent.name)])

    def _reply(self, session: Session, ticket: TicketRow, agent: Actor, text: str) -> None:
        self.audit.record(session, ticket, TicketEventKind.REPLY, agent, text)
        if S(ticket.status) is S.NEW:
            self._claim(session, ticket, agent)
        self.notifier.to_requester(session, ticket, [self.notifier.cards.notice(ticket, "notice.agent_reply", text=text)])

    def _change(self, session: Session, ticket: TicketRow, agent: Actor, action: AgentAction, target: S, text: str) -> None:
        cards = self.notifier.cards
        if not ticket.assignee_id:
            ticket.assignee_platform, ticket.assignee_id, ticket.assignee_name = agent.platform, agent.user_id, agent.name
        if action is AgentAction.ESCALATE:
            ticket.escalated_to = text[:200] or None
        ticket.fix_in_next_update = action is AgentAction.WAIT_DEV_NEXT
        # An escalation's reason is internal: the requester only learns that another team has it.
        self.audit.move(session, ticket, target, agent, text)
        notices: dict[AgentAction, Reply] = {
            AgentAction.ASK: cards.notice(ticket, "notice.ask", text=text),
            AgentAction.ESCALATE: cards.notice(ticket, "notice.escalated"),
            AgentAction.WAIT_DEV: cards.notice(ticket, "notice.waiting_development"),
            AgentAction.WAIT_DEV_NEXT: cards.notice(ticket, "notice.waiting_development_next"),
            AgentAction.HOLD: cards.notice(ticket, "notice.on_hold"),
            AgentAction.RESOLVE: cards.resolution_question(ticket, text),
            AgentAction.CLOSE: cards.notice(ticket, "notice.closed", days=self.reopen_window.days),
        }
        self.notifier.to_requester(session, ticket, [notices[action]])
        if action is AgentAction.ASK:
            # The requester's next message (outside a new intake) is their answer.
            # (After a plain Reply it is not: they answer with /reply or by replying to the notice.)
            self.pending.set(session, ticket.requester_platform, ticket.requester_id, ticket.id,
                             PendingKind.REQUESTER_INFO)
        if action is AgentAction.CLOSE:
            self.notifier.to_requester(session, ticket, [cards.satisfaction_question(ticket)])

    # --- requesters -------------------------------------------------------------------

    def requester_message(
        self, session: Session, ticket: TicketRow, requester: Actor, text: str, attachments: Sequence[Attachment] = (),
    ) -> list[Reply]:
        """A requester wrote about their ticket: add it, tell the agents, move the status if needed.

        Files sent with it are named in the relayed text, and follow it where the agents'
        platform can show them."""
        lang = Language(ticket.lang)
        status = S(ticket.status)
        if status is S.CANCELLED or (status is S.CLOSED and not self.can_reopen(ticket)):
            raise InvalidTransition(status, S.IN_PROGRESS)
        if attachments:
            names = self.a("agent.requester_files", names=", ".join(a.name for a in attachments))
            text = f"{text}\n{names}" if text else names
        self.audit.record(session, ticket, TicketEventKind.REQUESTER_MESSAGE, requester, text)
        relayed = self.a("agent.requester_wrote", reference=ticket.reference, name=requester.name, text=text)
        files = self.notifier.cards.forwarded(ticket, attachments)
        self.notifier.to_agents(session, ticket, [TextReply(relayed, files=files)])
        key = "requester.message_added"
        if status is S.CLOSED:
            self.audit.move(session, ticket, S.IN_PROGRESS, requester, self.a("agent.reopened_note"))
            self.audit.record(session, ticket, TicketEventKind.REOPENED, requester)
            ticket.reactivated_count += 1
            key = "requester.reopened"
        elif status is S.WAITING_CUSTOMER:
            self.audit.move(session, ticket, S.IN_PROGRESS, requester)
        ticket.updated_at = self.clock()
        if S(ticket.status) is not status:
            self.notifier.card_changed(session, ticket)
        return [TextReply(self.catalog.text(lang, key, reference=ticket.reference))]

    def can_reopen(self, ticket: TicketRow) -> bool:
        closed = ticket.closed_at or ticket.updated_at
        return S(ticket.status) is S.CLOSED and self.clock() - closed <= self.reopen_window

    def requester_decides(self, session: Session, ticket: TicketRow, requester: Actor, target: S) -> list[Reply]:
        """Confirm a resolution (closed), refuse it (in progress), or cancel the ticket."""
        lang = Language(ticket.lang)
        current = S(ticket.status)
        # Closing or "still not working" answer a resolution: only while the ticket is resolved
        # (an old or forged button must not close a ticket agents are working on).
        answers_resolution = target in {S.CLOSED, S.IN_PROGRESS}
        if (current is target or not can_move(current, target) or (target is S.CANCELLED and not current.is_open)
                or (answers_resolution and current is not S.RESOLVED)):
            return [TextReply(self.catalog.text(lang, "requester.not_now", reference=ticket.reference,
                                                status=self.catalog.text(lang, keys.status(current))))]
        self.audit.move(session, ticket, target, requester)
        self.notifier.card_changed(session, ticket)
        self.notifier.to_agents(session, ticket, [TextReply(self.a(f"agent.requester_{target.value}", reference=ticket.reference, name=requester.name))])
        replies: list[Reply] = [TextReply(self.catalog.text(lang, f"requester.{target.value}", reference=ticket.reference))]
        if target is S.CLOSED:
            replies.append(self.notifier.cards.satisfaction_question(ticket))
        return replies

    def rate(self, session: Session, ticket: TicketRow, requester: Actor, score: int) -> list[Reply]:
        lang = Language(ticket.lang)
        if S(ticket.status) is not S.CLOSED or not 1 <= score <= 5:
            return [TextReply(self.catalog.text(lang, "buttons.stale"))]
        ticket.satisfaction_score = score
        self.audit.record(session, ticket, TicketEventKind.SATISFACTION, requester, f"{score}/5")
        self.notifier.to_agents(session, ticket, [TextReply(self.a("agent.rated", reference=ticket.reference, score=score))])
        return [TextReply(self.catalog.text(lang, "requester.rated", score=score))]

    def comment(self, session: Session, ticket: TicketRow, requester: Actor, text: str) -> list[Reply]:
        ticket.satisfaction_comment = text
        self.audit.record(session, ticket, TicketEventKind.SATISFACTION, requester, text)
        self.notifier.to_agents(session, ticket, [TextReply(self.a("agent.commented", reference=ticket.reference, text=text))])
        return [TextReply(self.catalog.text(Language(ticket.lang), "requester.comment_thanks"))]

    def log_refusal(self, who: Actor, what: str) -> None:
        log.warning("refused %s to %s (%s)", what, who.key, who.name)
