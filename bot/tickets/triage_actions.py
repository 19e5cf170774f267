"""What agents do to triage a ticket and answer it from the toolbox: requalify it, move it to
another queue, merge a duplicate into another ticket, send a canned response or a knowledge-base
article. Each action has its rule in :mod:`bot.lifecycle.transitions`, an audit entry, its SLA
effect (see ``MET_BY``) and its notices, like every other action of the service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.errors import MergeRefused, NothingToChange, TextRequired, UnknownChoice
from bot.i18n import keys
from bot.lifecycle.actors import Actor
from bot.messages import ArticleCard, Reply, TextReply
from bot.storage.models import TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.events import TicketEventKind
from bot.tickets.repository import TicketKey, TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.status import TicketStatus as S
from bot.tickets.workflow import TicketWorkflow
from bot.toolbox.articles import ArticleRef
from bot.triage.fields import TriageField
from bot.triage.requalification import Requalification

ARTICLES_OFFERED = 5


class TriageActions(TicketWorkflow):
    def requalify(self, session: Session, ticket: TicketKey, agent: Actor, requalification: Requalification) -> ActionResult:
        """Change type, priority, product, module, version, urgency or organisation. A new priority
        moves the SLA targets not met yet and the requester is told; a ticket nobody has taken yet
        goes to the queue its new classification routes it to."""
        row = self._agent_ticket(session, ticket, agent, A.REQUALIFY)
        before_priority = row.priority
        changes = self.triage.requalifier.apply(session, row, requalification)
        detail = "; ".join(f"{self.notices.for_agents(keys.field(c.field))}: {c.before} → {c.after}" for c in changes)
        self.audit.record(session, row, TicketEventKind.REQUALIFIED, agent, detail)
        notices = []
        if row.priority is not before_priority:
            if row.status.is_open:
                self.sla.restamp(row, self.clock())
            notices.append(self.notices.priority_changed(row))
        self.triage.index(row)
        result = self._agent_step(session, row, agent, A.REQUALIFY, notices=notices, detail=detail)
        queue = self.triage.route(row)
        if row.status is S.NEW and not row.assignee_id and queue != self.triage.queues.of(row.queue).id:
            self._move(session, row, Actor.system(), queue)
        return result

    def route(self, session: Session, ticket: TicketKey, agent: Actor, queue: str) -> ActionResult:
        """Move to another agents' queue: its agents get the card, the old card says where it went."""
        row = self._agent_ticket(session, ticket, agent, A.ROUTE)
        target = self.triage.queues.find(queue)
        if target is None:
            raise UnknownChoice(keys.field(TriageField.QUEUE), queue, tuple(q.id for q in self.triage.queues.queues))
        if target.id == self.triage.queues.of(row.queue).id:
            raise NothingToChange(row.reference or "", self.notices.for_agents(keys.field(TriageField.QUEUE)))
        before = self.audit.apply(session, row, A.ROUTE, agent)
        detail = self._move(session, row, agent, target.id)
        row.updated_at = self.clock()
        return ActionResult(A.ROUTE, row.id, row.reference or "", agent, before, row.status, detail=detail)

    def merge(self, session: Session, ticket: TicketKey, agent: Actor, into: TicketKey) -> ActionResult:
        """A duplicate merged into another ticket: closed as merged, its requester told where to follow
        (without another requester's reference), its answers, files and history kept."""
        row = self._agent_ticket(session, ticket, agent, A.MERGE)
        if isinstance(into, str) and not into.strip():
            raise TextRequired(A.MERGE, "agent.merge_field")
        target = TicketRepository(session).get(into.strip() if isinstance(into, str) else into)
        if target.id == row.id:
            raise MergeRefused(row.reference or "", target.reference or "", "itself")
        if target.merged_into_id:
            raise MergeRefused(row.reference or "", target.reference or "", "merged")
        if not target.status.is_open:
            raise MergeRefused(row.reference or "", target.reference or "", "closed")
        row.merged_into_id = target.id
        target.attachments = [*target.attachments, *row.attachments]
        kept = self.notices.for_agents("agent.merged_in", reference=row.reference, name=row.requester_name or row.requester_id,
                                       summary=row.summary, description=row.description)
        self.audit.record(session, target, TicketEventKind.MERGED, agent, kept)
        self.audit.record(session, row, TicketEventKind.MERGED, agent, target.reference or "")
        same_person = (target.requester_platform, target.requester_id) == (row.requester_platform, row.requester_id)
        notice = self.notices.merged(row, target.reference or "" if same_person else "")
        result = self._agent_step(session, row, agent, A.MERGE, notices=[notice], detail=target.reference or "")
        target.updated_at = self.clock()
        self.triage.index(target)
        self.notifier.card_changed(session, target)
        self.notifier.to_agents(session, target, [TextReply(kept)])
        return result

    def send_canned(self, session: Session, ticket: TicketKey, agent: Actor, canned: str) -> ActionResult:
        """A canned response, filled in and in the requester's language (on a new ticket the agent takes it)."""
        row = self._agent_ticket(session, ticket, agent, A.CANNED)
        response = self.triage.canned.get(canned)
        if response is None:
            raise UnknownChoice("triage.canned", canned, tuple(r.id for r in self.triage.canned.responses))
        text = response.render(row.lang, name=row.requester_name or row.requester_id, reference=row.reference or "",
                               agent=agent.name)
        self.audit.record(session, row, TicketEventKind.REPLY, agent, text)
        return self._answer(session, row, agent, A.CANNED, [self.notices.reply(row, text)],
                            response.title.get(self.notices.agents_language))

    def send_article(self, session: Session, ticket: TicketKey, agent: Actor, article_id: str) -> ActionResult:
        """A knowledge-base article, as a card the requester can open (or read with /lire)."""
        row = self._agent_ticket(session, ticket, agent, A.ARTICLE)
        library = self.triage.articles
        article = library.get(article_id) if library is not None else None
        if article is None:
            offered = tuple(a.id for a in self.articles_for(row)) if library is not None else ()
            raise UnknownChoice("triage.article", article_id, offered)
        self.audit.record(session, row, TicketEventKind.REPLY, agent, f"{article.title} ({article.id})")
        lead = self.notices.to_requester(row, "notice.article" if article.url else "notice.article_read", id=article.id)
        card = ArticleCard(article.id, article.title, article.snippet, article.url)
        return self._answer(session, row, agent, A.ARTICLE, [lead, card], article.title)

    def articles_for(self, ticket: TicketRow) -> list[ArticleRef]:
        """The articles that fit the ticket best, in its language (for the card's menu)."""
        library = self.triage.articles
        if library is None:
            return []
        return library.find(f"{ticket.summary}\n{ticket.description}", ticket.lang.value, ARTICLES_OFFERED)

    def _answer(self, session: Session, row: TicketRow, agent: Actor, action: A, message: list[Reply],
                detail: str) -> ActionResult:
        """Send ``message`` (one delivery), after telling the requester who took a new ticket."""
        if row.status is S.NEW:
            self._assign(session, row, agent, agent)
            self.notifier.to_requester(session, row, [self.notices.taken(row, agent.name)])
        self.notifier.to_requester(session, row, message)
        return self._agent_step(session, row, agent, action, detail=detail)

    def _move(self, session: Session, row: TicketRow, actor: Actor, queue: str) -> str:
        before = self.triage.queues.of(row.queue)
        row.queue = queue
        after = self.triage.queues.of(queue)
        lang = self.notices.agents_language
        detail = f"{before.name.get(lang)} → {after.name.get(lang)}"
        self.audit.record(session, row, TicketEventKind.ROUTED, actor, detail)
        line = TextReply(self.notices.for_agents("agent.done_route", reference=row.reference, agent=actor.name, detail=detail))
        self.notifier.moved(session, row, before, line)
        self.notifier.to_agents(session, row, [line])
        return detail
