"""What happens when a requester presses Submit: the ticket is filed and confirmed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.i18n import Catalog, Language
from bot.messages import Reply, TextReply
from bot.storage.models import ConversationRow
from bot.tickets.filing import TicketFiler


class Submission:
    def __init__(self, filer: TicketFiler, catalog: Catalog) -> None:
        self.filer = filer
        self.catalog = catalog

    def __call__(self, session: Session, conv: ConversationRow) -> list[Reply]:
        ticket = self.filer.file(session, conv)
        lang = Language(conv.lang)
        text = self.catalog.text(lang, "ticket.filed", reference=ticket.reference,
                                 priority=self.catalog.text(lang, f"priority.{ticket.priority}"))
        return [TextReply(text)]
