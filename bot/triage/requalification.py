"""Requalifying a ticket: what an agent asks to change (a field and the value as typed or picked),
read against the configuration, and what changed, as the audit trail and the agents' thread say it.

Values are read the way people type them: an id or a label in either language, without case or
accents; ``-`` (or "aucun", "none") clears a field. An unknown value is refused with the values
that would do (:class:`bot.errors.UnknownChoice`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import NothingToChange, TextRequired, UnknownChoice
from bot.i18n import Catalog, Language, keys
from bot.intake.questions import Priority
from bot.storage.models import TicketRow
from bot.text import fold
from bot.tickets.actions import TicketAction
from bot.triage.config import TriageConfig, clears
from bot.triage.fields import RequesterUrgency, TriageField
from bot.triage.labels import TriageLabels
from bot.triage.organisations import Organisations

REQUALIFIABLE = (TriageField.TYPE, TriageField.PRIORITY, TriageField.PRODUCT, TriageField.MODULE, TriageField.VERSION,
                 TriageField.URGENCY, TriageField.ORGANISATION)


@dataclass(frozen=True)
class Requalification:
    """Fields to change, each with its new value as typed or picked."""

    changes: tuple[tuple[TriageField, str], ...]

    @classmethod
    def of(cls, field: TriageField, value: str) -> Requalification:
        return cls(((field, value),))


@dataclass(frozen=True)
class Change:
    field: TriageField
    before: str
    after: str


class Requalifier:
    def __init__(self, config: TriageConfig, catalog: Catalog, organisations: Organisations, labels: TriageLabels,
                 agents_language: Language) -> None:
        self.config = config
        self.catalog = catalog
        self.organisations = organisations
        self.labels = labels
        self.lang = agents_language

    def apply(self, session: Session, ticket: TicketRow, requalification: Requalification) -> list[Change]:
        """Change the ticket's fields; returns what changed (in the agents' language). Nothing is
        changed when a value is refused (the caller's savepoint undoes the rest)."""
        changes = []
        for field, typed in requalification.changes:
            if field not in REQUALIFIABLE:
                raise UnknownChoice("triage.field", field.value, tuple(f.value for f in REQUALIFIABLE))
            if not typed.strip():  # "-" clears a field; nothing at all is a value forgotten
                raise TextRequired(TicketAction.REQUALIFY, keys.field(field))
            before = self.labels.value(ticket, field, self.lang)
            self._set(session, ticket, field, typed.strip())
            after = self.labels.value(ticket, field, self.lang)
            if after != before:
                changes.append(Change(field, before, after))
        if not changes:
            fields = ", ".join(self.catalog.text(self.lang, keys.field(f)) for f, _ in requalification.changes)
            raise NothingToChange(ticket.reference or "", fields)
        return changes

    def _set(self, session: Session, ticket: TicketRow, field: TriageField, typed: str) -> None:
        cleared = clears(typed)
        match field:
            case TriageField.TYPE:
                ticket.ticket_type = None if cleared else self._type(typed)
            case TriageField.PRIORITY:
                ticket.priority = self._priority(typed)
            case TriageField.PRODUCT:
                ticket.product = None if cleared else self._product(typed)
                product = self.config.product(ticket.product)
                if product is None or not product.module(ticket.module or ""):
                    ticket.module = None  # a module belongs to its product
            case TriageField.MODULE:
                ticket.module = None if cleared else self._module(ticket, typed)
            case TriageField.VERSION:
                ticket.version = None if cleared else self.config.version(typed, ticket.product)[:64]
            case TriageField.URGENCY:
                ticket.requester_urgency = None if cleared else self._urgency(typed)
            case TriageField.ORGANISATION:
                ticket.organisation_id = None if cleared else self._organisation(session, typed)

    def _type(self, typed: str) -> str:
        found = self.config.ticket_type(typed)
        if found is None:
            raise UnknownChoice(keys.field(TriageField.TYPE), typed, tuple(t.id for t in self.config.types))
        return found.id

    def _priority(self, typed: str) -> Priority:
        for priority in Priority:
            names = {priority.value, *(fold(self.catalog.text(lang, keys.priority(priority))) for lang in Language)}
            names |= {name.split()[0] for name in names if name}  # "majeure" for "majeure (tâche impossible)"
            if fold(typed) in names:
                return priority
        raise UnknownChoice(keys.field(TriageField.PRIORITY), typed, tuple(p.value for p in Priority))

    def _product(self, typed: str) -> str:
        found = self.config.product(typed)
        if found is None:
            raise UnknownChoice(keys.field(TriageField.PRODUCT), typed, tuple(p.id for p in self.config.products))
        return found.id

    def _module(self, ticket: TicketRow, typed: str) -> str:
        product = self.config.product(ticket.product)
        found = product.module(typed) if product else None
        if product is None or found is None:
            raise UnknownChoice(keys.field(TriageField.MODULE), typed, tuple(m.id for m in product.modules) if product else ())
        return found.id

    def _urgency(self, typed: str) -> RequesterUrgency:
        for urgency in RequesterUrgency:
            if fold(typed) in {urgency.value, *(fold(self.catalog.text(lang, keys.urgency(urgency))) for lang in Language)}:
                return urgency
        raise UnknownChoice(keys.field(TriageField.URGENCY), typed, tuple(u.value for u in RequesterUrgency))

    def _organisation(self, session: Session, typed: str) -> int:
        found = self.organisations.find(session, typed)
        if found is None:
            known = tuple(o.name for o in self.organisations.all(session))
            raise UnknownChoice(keys.field(TriageField.ORGANISATION), typed, known)
        return found.id
