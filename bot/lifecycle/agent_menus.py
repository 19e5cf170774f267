"""The agents' menus behind a card's buttons (and typed commands without a value): what to
requalify, the values of one field, the canned responses, the articles that fit, the queues.

Each menu is a reply only the agent sees, with buttons that carry the value picked
(``T42.rqprio.major``); a field's values are a select menu where the platform has one (Slack).
A value typed rather than picked (an organisation, a version that is not listed) opens a form
on Slack, and is the agent's next message elsewhere.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.errors import DeskError
from bot.i18n import keys
from bot.intake.questions import Priority
from bot.lifecycle.actors import Actor
from bot.lifecycle.notices import Notices
from bot.lifecycle.ticket_buttons import ARGUMENT, SETTERS, TEXT_FIELDS, AgentAction, agent_button
from bot.lifecycle.transitions import AuditTrail
from bot.messages import Choice, Reply, TextReply
from bot.refusals import Refusals
from bot.storage.models import TicketRow
from bot.tickets.repository import TicketRepository
from bot.tickets.service import TicketService
from bot.triage.fields import RequesterUrgency, TriageField

MENU_ACTIONS = frozenset({
    AgentAction.REQUALIFY, AgentAction.SET_TYPE, AgentAction.SET_PRIORITY, AgentAction.SET_PRODUCT,
    AgentAction.SET_MODULE, AgentAction.SET_VERSION, AgentAction.SET_URGENCY, AgentAction.SET_QUEUE,
    AgentAction.CANNED, AgentAction.ARTICLE,
})


class AgentMenus:
    def __init__(self, service: TicketService, notices: Notices, refusals: Refusals) -> None:
        self.service = service
        self.triage = service.triage
        self.notices = notices
        self.refusals = refusals

    def t(self, key: str, **params: object) -> str:
        return self.notices.for_agents(key, **params)

    def menu(self, session: Session, ticket_id: int | str, action: AgentAction, agent: Actor) -> list[Reply] | None:
        """The menu behind ``action`` on the ticket; ``None`` when the action has none (then it acts,
        or asks for its text)."""
        if action is AgentAction.SET_VERSION and not self._versions(session, ticket_id):
            action = AgentAction.TYPE_VERSION  # nothing to pick from: the version is typed
        if action not in MENU_ACTIONS:
            return None
        ticket = TicketRepository(session).get(ticket_id, lock=False)
        try:
            AuditTrail.check(ticket, action.ticket_action, agent)
        except DeskError as error:
            return [self.refusals.to_agent(error)]
        if action is AgentAction.REQUALIFY:
            return [self._fields(ticket)]
        if action is AgentAction.CANNED:
            return [self._canned(ticket)]
        if action is AgentAction.ARTICLE:
            return [self._articles(ticket)]
        field = action.field
        assert field is not None
        return [self._values(ticket, field)]

    def _fields(self, ticket: TicketRow) -> TextReply:
        lang = self.notices.agents_language
        labels = self.triage.labels
        fields = [TriageField.TYPE, TriageField.PRIORITY]
        if self.triage.config.products:
            fields.append(TriageField.PRODUCT)
        product = self.triage.config.product(ticket.product)
        if product is not None and product.modules:
            fields.append(TriageField.MODULE)
        fields += [TriageField.VERSION, TriageField.URGENCY, TriageField.ORGANISATION]
        if len(self.triage.queues) > 1:
            fields.append(TriageField.QUEUE)
        choices = []
        for field in fields:
            action: AgentAction = SETTERS[field]
            if action is AgentAction.SET_VERSION and not self.triage.config.versions_for(ticket.product):
                action = AgentAction.TYPE_VERSION
            label = f"{self.t(keys.field(field))} : {labels.value(ticket, field, lang)}"
            needs = self.t(TEXT_FIELDS[action].label_key) if action in TEXT_FIELDS else None
            choices.append(Choice(agent_button(ticket.id, action), label, needs))
        return TextReply(self.t("agent.requalify_which", reference=ticket.reference), tuple(choices), ephemeral=True)

    def _values(self, ticket: TicketRow, field: TriageField) -> TextReply:
        lang = self.notices.agents_language
        config = self.triage.config
        values: list[tuple[str, str]] = []
        match field:
            case TriageField.TYPE:
                values = [(t.id, t.label.get(lang)) for t in config.types]
            case TriageField.PRIORITY:
                values = [(p.value, self.t(keys.priority(p))) for p in Priority]
            case TriageField.PRODUCT:
                values = [(p.id, p.label.get(lang)) for p in config.products]
            case TriageField.MODULE:
                product = config.product(ticket.product)
                values = [(m.id, m.label.get(lang)) for m in product.modules] if product else []
            case TriageField.VERSION:
                values = [(v, v) for v in config.versions_for(ticket.product)]
            case TriageField.URGENCY:
                values = [(u.value, self.t(keys.urgency(u))) for u in RequesterUrgency]
            case TriageField.QUEUE:
                values = [(q.id, q.name.get(lang)) for q in self.triage.queues.queues]
        action = SETTERS[field]
        choices = [Choice(agent_button(ticket.id, action, value), label) for value, label in values if ARGUMENT.match(value)]
        if field is TriageField.VERSION:  # a version that is not listed is typed
            typed = AgentAction.TYPE_VERSION
            choices.append(Choice(agent_button(ticket.id, typed), self.t("agent.other_version"),
                                  self.t(TEXT_FIELDS[typed].label_key)))
        current = self.triage.labels.value(ticket, field, lang)
        text = self.t("agent.pick_value", reference=ticket.reference, field=self.t(keys.field(field)), current=current)
        return TextReply(text, tuple(choices), ephemeral=True, menu=True)

    def _canned(self, ticket: TicketRow) -> TextReply:
        lang = self.notices.agents_language
        responses = self.triage.canned.responses
        if not responses:
            return TextReply(self.t("agent.no_canned"), ephemeral=True)
        choices = tuple(Choice(agent_button(ticket.id, AgentAction.CANNED, r.id), r.title.get(lang)) for r in responses)
        language = self.t(keys.language(ticket.lang))
        return TextReply(self.t("agent.pick_canned", reference=ticket.reference, language=language), choices,
                         ephemeral=True, menu=True)

    def _articles(self, ticket: TicketRow) -> TextReply:
        articles = [a for a in self.service.articles_for(ticket) if ARGUMENT.match(a.id)]
        if not articles:
            return TextReply(self.t("agent.no_articles", reference=ticket.reference), ephemeral=True)
        choices = tuple(Choice(agent_button(ticket.id, AgentAction.ARTICLE, a.id), a.title) for a in articles)
        return TextReply(self.t("agent.pick_article", reference=ticket.reference), choices, ephemeral=True, menu=True)

    def _versions(self, session: Session, ticket_id: int | str) -> bool:
        ticket = TicketRepository(session).by_id(ticket_id, lock=False) if isinstance(ticket_id, int) else \
            TicketRepository(session).by_reference(ticket_id, lock=False)
        return ticket is not None and bool(self.triage.config.versions_for(ticket.product))
