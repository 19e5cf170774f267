"""Turn a finished intake into a ticket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.i18n import Catalog, Language
from bot.intake.questions import Answer, IntakeScript, Priority
from bot.storage.models import ConversationRow, TicketRow
from bot.tickets.status import TicketStatus
from bot.triage.fields import RequesterUrgency, TriageField

DEFAULT_PRIORITY = Priority.MINOR


class TicketFiler:
    def __init__(self, script: IntakeScript, catalog: Catalog, prefix: str, clock: Callable[[], datetime]) -> None:
        self.script = script
        self.catalog = catalog
        self.prefix = prefix
        self.clock = clock

    def priority_of(self, conv: ConversationRow) -> Priority:
        for question in self.script.questions:
            raw = conv.answers.get(question.id)
            choice = question.choice(str(raw.get("choice"))) if question.sets_priority and raw else None
            if choice is not None and choice.priority is not None:
                return choice.priority
        return DEFAULT_PRIORITY

    def fields_of(self, conv: ConversationRow) -> dict[str, Any]:
        """The ticket fields the intake's triage questions filled (type, product, module, version, urgency)."""
        def answer(field: TriageField) -> dict[str, Any] | None:
            question = self.script.by_field(field)
            raw = conv.answers.get(question.id) if question else None
            return raw if raw and not raw.get("skipped") else None

        def choice(field: TriageField) -> str | None:
            raw = answer(field)
            return str(raw["choice"]) if raw and raw.get("choice") else None

        product = choice(TriageField.PRODUCT)
        module = choice(TriageField.MODULE)
        urgency = choice(TriageField.URGENCY)
        version = answer(TriageField.VERSION)
        return {
            "ticket_type": choice(TriageField.TYPE), "product": product,
            "module": module.partition(":")[2] if module and module.partition(":")[0] == product else None,
            "version": str(version.get("text", ""))[:64] or None if version else None,
            "requester_urgency": RequesterUrgency(urgency) if urgency in {u.value for u in RequesterUrgency} else None,
        }

    def file(self, session: Session, conv: ConversationRow) -> TicketRow:
        """Create the ticket of ``conv``. The unique constraint on ``conversation_id`` makes
        a second ticket for the same conversation impossible, even across processes."""
        lang = Language(conv.lang)
        now = self.clock()
        answers = {}
        for question in self.script.questions:
            raw = conv.answers.get(question.id)
            if raw is None or raw.get("na"):
                continue
            answers[question.id] = {"question": question.label.get(lang), **raw}
            if question.field is not None:  # the ticket's own column holds it (and a requalification changes that)
                answers[question.id]["field"] = question.field.value
        summary = Answer.from_dict(conv.answers.get(self.script.first.id, {"text": ""})).text
        ticket = TicketRow(
            conversation_id=conv.id,
            requester_platform=conv.platform,
            requester_id=conv.user_id,
            requester_name=conv.display_name,
            requester_channel=conv.channel,
            requester_thread=conv.thread,
            lang=lang,
            priority=self.priority_of(conv),
            status=TicketStatus.NEW,
            summary=summary,
            answers=answers,
            description="",
            tried_articles=list(conv.rejected_articles),
            attachments=list(conv.attachments),
            linked_ticket_id=conv.linked_ticket_id,
            created_at=now,
            updated_at=now,
            **self.fields_of(conv),
        )
        session.add(ticket)
        session.flush()  # the id comes from the database: unique across processes, never reused
        ticket.reference = f"{self.prefix}-{ticket.id:06d}"
        ticket.description = self.describe(ticket)
        return ticket

    def describe(self, ticket: TicketRow) -> str:
        lang = Language(ticket.lang)
        lines = []
        for entry in ticket.answers.values():
            value = self.catalog.text(lang, "recap.skipped") if entry.get("skipped") else entry.get("text", "")
            lines.append(f"{entry['question']}: {value}")
        if ticket.tried_articles:
            titles = "; ".join(str(a.get("title", a.get("id"))) for a in ticket.tried_articles)
            lines.append(f"{self.catalog.text(lang, 'ticket.articles_tried')}: {titles}")
        if ticket.attachments:
            names = ", ".join(str(a.get("name")) for a in ticket.attachments)
            lines.append(f"{self.catalog.text(lang, 'recap.attachments')}: {names}")
        return "\n".join(lines)
