"""What requesters do to their own ticket: add a message (which answers a question), reopen a closed
ticket within the window (the same problem), confirm or refuse a resolution, close or cancel it,
rate and comment. Someone else's ticket is refused (:class:`bot.errors.NotYourTicket`), as is
anything the transitions table does not allow. A message on a merged ticket goes to the ticket
it was merged into."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.errors import ActionRefused, InvalidScore, ReopenWindowPassed
from bot.lifecycle.actors import Actor
from bot.messages import Attachment, TextReply
from bot.storage.models import PendingKind, TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.events import TicketEventKind
from bot.tickets.repository import TicketKey, TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.status import TicketStatus as S
from bot.tickets.workflow import TicketWorkflow


class RequesterActions(TicketWorkflow):
    def add_message(
        self, session: Session, ticket: TicketKey, requester: Actor, text: str, attachments: Sequence[Attachment] = (),
    ) -> ActionResult:
        """A message about an open (or resolved) ticket: shown to the agents (files follow where their
        platform can show them); it answers a question (back in progress). A closed ticket takes no
        message: the requester reopens it (:meth:`reactivate`) or files a new request."""
        row = self._requester_ticket(session, ticket, requester)
        if row.merged_into_id:
            return self._to_merged(session, row, requester, text, attachments)
        if row.status is S.CLOSED and not self.can_reopen(row):
            raise ReopenWindowPassed(row.id, row.reference or "", row.status, self.reopen_window.days)
        self.audit.check(row, A.REQUESTER_MESSAGE, requester)
        self._relay(session, row, row, requester, text, attachments)
        before = self.audit.apply(session, row, A.REQUESTER_MESSAGE, requester)
        row.updated_at = self.clock()
        if row.status is not before:
            self.notifier.card_changed(session, row)
        return ActionResult(A.REQUESTER_MESSAGE, row.id, row.reference or "", requester, before, row.status)

    def reactivate(
        self, session: Session, ticket: TicketKey, requester: Actor, text: str = "", attachments: Sequence[Attachment] = (),
    ) -> ActionResult:
        """The same problem again: a resolved ticket back in progress ("still not working"), or a closed
        one reopened within the window; what the requester wrote with it goes to the agents."""
        row = self._requester_ticket(session, ticket, requester)
        if row.merged_into_id:  # its follow-up is the ticket it was merged into
            raise ActionRefused(row.id, row.reference or "", A.REOPEN, row.status, f"{row.reference} was merged")
        if row.status is S.CLOSED and not self.can_reopen(row):
            raise ReopenWindowPassed(row.id, row.reference or "", row.status, self.reopen_window.days)
        closed = row.status is S.CLOSED
        before = self.audit.apply(session, row, A.REOPEN, requester,
                                  self.notices.for_agents("agent.reopened_note") if closed else "")
        if closed:
            self.audit.record(session, row, TicketEventKind.REOPENED, requester)
            row.reactivated_count += 1
        result = ActionResult(A.REOPEN, row.id, row.reference or "", requester, before, row.status)
        self.notifier.card_changed(session, row)
        self.notifier.to_agents(session, row, [TextReply(self.notices.requester_did(result))])
        if text or attachments:
            self._relay(session, row, row, requester, text, attachments)
        return result

    def close_by_requester(self, session: Session, ticket: TicketKey, requester: Actor) -> ActionResult:
        """No answer is expected any more (ICAP: either side closes); the satisfaction question is the caller's."""
        return self._decide(session, ticket, requester, A.CLOSE)

    def _relay(self, session: Session, row: TicketRow, about: TicketRow, requester: Actor, text: str,
               attachments: Sequence[Attachment]) -> None:
        """Record the message on ``row`` and show it in the agents' thread of ``about``."""
        if attachments:
            names = self.notices.for_agents("agent.requester_files", names=", ".join(a.name for a in attachments))
            text = f"{text}\n{names}" if text else names
        self.audit.record(session, row, TicketEventKind.REQUESTER_MESSAGE, requester, text)
        reference = row.reference if row is about else f"{about.reference} ← {row.reference}"
        relayed = self.notices.for_agents("agent.requester_wrote", reference=reference, name=requester.name, text=text)
        self.notifier.to_agents(session, about, [TextReply(relayed, files=self.notifier.forwarded(about, attachments))])

    def _to_merged(self, session: Session, row: TicketRow, requester: Actor, text: str,
                   attachments: Sequence[Attachment]) -> ActionResult:
        """A message on a merged duplicate: its own requester's goes to the ticket it was merged into;
        another requester's is shown to that ticket's agents and kept on the duplicate."""
        target = TicketRepository(session).get(row.merged_into_id or 0)
        if (target.requester_platform, target.requester_id) == (requester.platform, requester.user_id):
            return self.add_message(session, target.id, requester, text, attachments)
        self._relay(session, row, target, requester, text, attachments)
        return ActionResult(A.REQUESTER_MESSAGE, row.id, row.reference or "", requester, row.status, row.status)

    def confirm(self, session: Session, ticket: TicketKey, requester: Actor) -> ActionResult:
        """The resolution works: closed. The satisfaction question is the caller's to show."""
        return self._decide(session, ticket, requester, A.CONFIRM)

    def refuse(self, session: Session, ticket: TicketKey, requester: Actor) -> ActionResult:
        """"Still not working": back in progress."""
        return self.reactivate(session, ticket, requester)

    def withdraw(self, session: Session, ticket: TicketKey, requester: Actor) -> ActionResult:
        """The problem went away: the requester cancels their ticket."""
        return self._decide(session, ticket, requester, A.CANCEL)

    def rate(self, session: Session, ticket: TicketKey, requester: Actor, score: int) -> ActionResult:
        """A satisfaction score, 1 to 5, on a closed ticket; the next message may add a comment."""
        row = self._requester_ticket(session, ticket, requester)
        if not 1 <= score <= 5:
            raise InvalidScore(score)
        self.audit.check(row, A.RATE, requester)
        row.satisfaction_score = score
        self.audit.record(session, row, TicketEventKind.SATISFACTION, requester, f"{score}/5")
        self.notifier.to_agents(session, row, [TextReply(
            self.notices.for_agents("agent.rated", reference=row.reference, score=score))])
        self.pending.set(session, row.requester_platform, row.requester_id, row.id, PendingKind.SATISFACTION_COMMENT)
        return ActionResult(A.RATE, row.id, row.reference or "", requester, row.status, row.status)

    def comment(self, session: Session, ticket: TicketKey, requester: Actor, text: str) -> ActionResult:
        row = self._requester_ticket(session, ticket, requester)
        self.audit.check(row, A.COMMENT, requester)
        row.satisfaction_comment = text
        self.audit.record(session, row, TicketEventKind.SATISFACTION, requester, text)
        self.notifier.to_agents(session, row, [TextReply(
            self.notices.for_agents("agent.commented", reference=row.reference, text=text))])
        return ActionResult(A.COMMENT, row.id, row.reference or "", requester, row.status, row.status)

    def _decide(self, session: Session, ticket: TicketKey, requester: Actor, action: A) -> ActionResult:
        row: TicketRow = self._requester_ticket(session, ticket, requester)
        before = self.audit.apply(session, row, action, requester)
        result = ActionResult(action, row.id, row.reference or "", requester, before, row.status)
        self.notifier.card_changed(session, row)
        self.notifier.to_agents(session, row, [TextReply(self.notices.requester_did(result))])
        return result
