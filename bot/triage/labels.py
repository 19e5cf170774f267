"""Triage values as people read them: a type's, product's or module's label, an urgency, a contract
level, a queue's name, an organisation's name, in a language; and the triage fields of a card."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from bot.i18n import Catalog, Language, keys
from bot.messages import RecapField
from bot.storage.models import OrganisationRow, TicketRow
from bot.triage.config import TriageConfig
from bot.triage.fields import TriageField
from bot.triage.queues import QueueDirectory


class TriageLabels:
    def __init__(self, catalog: Catalog, triage: TriageConfig, queues: QueueDirectory) -> None:
        self.catalog = catalog
        self.triage = triage
        self.queues = queues

    def value(self, ticket: TicketRow, field: TriageField, lang: Language) -> str:
        """The ticket's value of ``field``, as read in ``lang``; "—" when it has none."""
        text = ""
        match field:
            case TriageField.TYPE:
                label = self.triage.type_label(ticket.ticket_type)
                text = label.get(lang) if label else ticket.ticket_type or ""
            case TriageField.PRIORITY:
                text = self.catalog.text(lang, keys.priority(ticket.priority))
            case TriageField.PRODUCT:
                product = self.triage.product(ticket.product)
                text = product.label.get(lang) if product else ticket.product or ""
            case TriageField.MODULE:
                label = self.triage.module_label(ticket.product, ticket.module)
                text = label.get(lang) if label else ticket.module or ""
            case TriageField.VERSION:
                text = ticket.version or ""
            case TriageField.URGENCY:
                text = self.catalog.text(lang, keys.urgency(ticket.requester_urgency)) if ticket.requester_urgency else ""
            case TriageField.ORGANISATION:
                text = self.organisation(ticket, lang)
            case TriageField.QUEUE:
                text = self.queues.of(ticket.queue).name.get(lang)
        return text or "—"

    def organisation(self, ticket: TicketRow, lang: Language, *, with_contract: bool = False) -> str:
        organisation = self.organisation_row(ticket)
        if organisation is None:
            return ""
        if not with_contract:
            return organisation.name
        contract = self.catalog.text(lang, keys.contract(organisation.contract))
        return self.catalog.text(lang, "triage.organisation_with_contract", name=organisation.name, contract=contract)

    @staticmethod
    def organisation_row(ticket: TicketRow) -> OrganisationRow | None:
        session = object_session(ticket)
        return session.get(OrganisationRow, ticket.organisation_id) if session and ticket.organisation_id else None

    def card_fields(self, ticket: TicketRow, lang: Language) -> list[RecapField]:
        """Type (or "to qualify"), and product, module, version, urgency, organisation, queue and the
        requester's context when there is something to show."""
        t = self.catalog.text
        type_value = self.value(ticket, TriageField.TYPE, lang) if ticket.ticket_type else t(lang, "triage.to_qualify")
        fields = [RecapField(t(lang, keys.field(TriageField.TYPE)), type_value)]
        for field in (TriageField.PRODUCT, TriageField.MODULE, TriageField.VERSION, TriageField.URGENCY):
            value = self.value(ticket, field, lang)
            if value != "—":
                fields.append(RecapField(t(lang, keys.field(field)), value))
        organisation = self.organisation(ticket, lang, with_contract=True)
        if organisation:
            fields.append(RecapField(t(lang, keys.field(TriageField.ORGANISATION)), organisation))
        if len(self.queues) > 1:
            fields.append(RecapField(t(lang, keys.field(TriageField.QUEUE)), self.value(ticket, TriageField.QUEUE, lang)))
        context = ticket.requester_context.summary()
        if context:
            fields.append(RecapField(t(lang, "triage.context"), context))
        return fields
