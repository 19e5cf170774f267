"""What a requester can look up from any conversation: their tickets, one ticket, the knowledge
base (``/kb``), or both at once (``/search``, ``/chercher``: articles and their own tickets, never
anyone else's, three letters at least)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.conversation.commands import Command, TypedCommand
from bot.conversation.suggestions import ArticleSuggester
from bot.i18n import Catalog, Language, keys
from bot.i18n.commands import CommandHints
from bot.lifecycle.ticket_buttons import RequesterAction, requester_button
from bot.messages import Choice, RecapField, Reply, Sender, TextReply, TicketCard
from bot.storage.models import TicketRow
from bot.text import shorten
from bot.tickets.repository import TicketRepository
from bot.tickets.status import TicketStatus
from bot.triage.fields import TriageField
from bot.triage.finder import TicketFinder
from bot.triage.labels import TriageLabels
from bot.triage.search import MIN_LETTERS


class RequesterViews:
    def __init__(self, catalog: Catalog, suggester: ArticleSuggester | None, hints: CommandHints, finder: TicketFinder,
                 labels: TriageLabels) -> None:
        self.catalog = catalog
        self.suggester = suggester
        self.hints = hints
        self.finder = finder
        self.labels = labels

    def command(self, session: Session, sender: Sender, lang: Language, typed: TypedCommand) -> list[Reply]:
        if typed.command is Command.TICKETS:
            return self.tickets(session, sender, lang)
        if typed.command is Command.STATUS:
            return self.status(session, sender, lang, typed.argument)
        if typed.command is Command.SEARCH:
            return self.search(session, sender, lang, typed.argument)
        if self.suggester is None:
            return [TextReply(self.catalog.text(lang, "kb.unavailable"))]
        if typed.command is Command.READ:
            return self.suggester.read(typed.argument.strip(), lang.value)
        return self.suggester.search(session, typed.argument, lang.value, sender.user_id)

    def search(self, session: Session, sender: Sender, lang: Language, text: str) -> list[Reply]:
        """The requester's own tickets that match, then the articles."""
        cmd = self.hints.requester(sender.platform)
        if not text.strip():
            return [TextReply(self.catalog.text(lang, "search.usage", cmd=cmd))]
        outcome = self.finder.search(session, text, requester=(sender.platform, sender.user_id), limit=SHOWN)
        if outcome.too_short:
            return [TextReply(self.catalog.text(lang, "search.too_short", minimum=MIN_LETTERS))]
        page = outcome.page
        if page is not None and page.tickets:
            lines = [self.catalog.text(lang, "search.tickets", count=page.total)]
            lines += [self._line(ticket, lang) for ticket in page.tickets]
            lines.append(self.catalog.text(lang, "tickets.footer", cmd=cmd))
            replies: list[Reply] = [TextReply("\n".join(lines))]
        else:
            replies = [TextReply(self.catalog.text(lang, "search.no_ticket", query=shorten(text.strip(), 60)))]
        if self.suggester is not None:
            replies += self.suggester.search(session, text, lang.value, sender.user_id)
        return replies

    def tickets(self, session: Session, sender: Sender, lang: Language) -> list[Reply]:
        repository = TicketRepository(session)
        mine = repository.of_requester(sender.platform, sender.user_id)
        if not mine:
            return [TextReply(self.catalog.text(lang, "tickets.none"))]
        by_status = repository.status_counts(sender.platform, sender.user_id)
        still_open = sum(n for status, n in by_status.items() if status.is_open)
        done = sum(by_status.values()) - still_open
        waiting = by_status.get(TicketStatus.WAITING_CUSTOMER, 0)
        lines = [self.catalog.text(lang, "tickets.counts", open=still_open, waiting=waiting, closed=done)]
        lines += [self._line(ticket, lang) for ticket in mine]
        lines.append(self.catalog.text(lang, "tickets.footer", cmd=self.hints.requester(sender.platform)))
        return [TextReply("\n".join(lines))]

    def status(self, session: Session, sender: Sender, lang: Language, reference: str) -> list[Reply]:
        if not reference.strip():
            return [TextReply(self.catalog.text(lang, "tickets.status_usage", cmd=self.hints.requester(sender.platform)))]
        ticket = TicketRepository(session).by_reference(reference, lock=False)
        # Someone else's ticket answers exactly like a missing one: references must not leak.
        if ticket is None or ticket.requester_platform != sender.platform or ticket.requester_id != sender.user_id:
            return [TextReply(self.catalog.text(lang, "tickets.not_found", reference=shorten(reference.strip(), 40)))]
        return [self.card(ticket, lang)]

    def card(self, ticket: TicketRow, lang: Language) -> TicketCard:
        fields = [
            RecapField(self.catalog.text(lang, "ticket.status"), self.catalog.text(lang, keys.status(ticket.status))),
            RecapField(self.catalog.text(lang, "ticket.priority"), self.catalog.text(lang, keys.priority(ticket.priority))),
            RecapField(self.catalog.text(lang, "ticket.created"), ticket.created_at.strftime("%Y-%m-%d %H:%M UTC")),
        ]
        fields += [RecapField(self.catalog.text(lang, keys.field(field)), self.labels.value(ticket, field, lang))
                   for field in _SHOWN_FIELDS if getattr(ticket, _COLUMNS[field])]
        fields += [RecapField(str(a["question"]), shorten(str(a.get("text", "")), 300) or "—")
                   for a in ticket.answers.values() if not a.get("field")]
        choices: tuple[Choice, ...] = ()
        if ticket.status.is_open:
            choices = (
                Choice(requester_button(ticket.id, RequesterAction.ADD), self.catalog.text(lang, "tickets.add_message")),
                Choice(requester_button(ticket.id, RequesterAction.CLOSE), self.catalog.text(lang, "tickets.close_ticket")),
                Choice(requester_button(ticket.id, RequesterAction.CANCEL), self.catalog.text(lang, "tickets.cancel_ticket")),
            )
        return TicketCard(ticket.reference or "", shorten(ticket.summary, 150), tuple(fields), choices, ticket.status.value)

    def _line(self, ticket: TicketRow, lang: Language) -> str:
        status = self.catalog.text(lang, keys.status(ticket.status))
        return f"• {ticket.reference} — {status} — {shorten(ticket.summary, 80)}"


SHOWN = 10
# What the requester sees of the triage on their own ticket (the organisation and queue are the desk's).
_SHOWN_FIELDS = (TriageField.TYPE, TriageField.PRODUCT, TriageField.MODULE, TriageField.VERSION)
_COLUMNS = {TriageField.TYPE: "ticket_type", TriageField.PRODUCT: "product", TriageField.MODULE: "module",
            TriageField.VERSION: "version"}
