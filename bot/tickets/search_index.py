"""What a ticket search matches: two folded texts kept on the ticket, current with its last change.

- ``search_text``: what the requester may find their ticket by (the reference, the summary, their
  answers, their name, id, username and e-mail, the organisation, type, product, module and
  version, the files' names) and what was said with them (replies, questions, their messages).
- ``search_notes``: what only agents read (internal notes, an escalation's reason, a note kept
  with a resolution, requalifications, merges, the assignee).

Agents search both (chat, the web queue, ``supportbot tickets search``); a requester's own search
only the first, so that an internal note never makes their ticket turn up (see
:mod:`bot.tickets.visibility`). Texts are folded (no case, accents or punctuation) so that one
LIKE per word works the same on SQLite and PostgreSQL.

Every change to a ticket leaves a line in its audit trail, and writing that line refreshes both
texts (:meth:`bot.lifecycle.transitions.AuditTrail.record`): in the same transaction, so a
search never sees a ticket older than its last change, and reading never writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot.lifecycle.actors import ActorKind
from bot.storage.models import OrganisationRow, TicketEventRow, TicketRow
from bot.text import fold
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus
from bot.tickets.visibility import requester_read
from bot.triage.context import RequesterContext
from bot.triage.search import search_text

MAX_WORDS = 12  # a search's words: more add nothing but work for the database
# The ticket's columns the texts are made of (also what migration 0015 reads to fill them).
COLUMNS = ("reference", "summary", "answers", "requester_name", "requester_id", "requester_context", "ticket_type",
           "product", "module", "version", "attachments", "assignee_name", "escalated_to")


@dataclass(frozen=True)
class SaidLine:
    """One line of the audit trail, as far as a search is concerned."""

    kind: TicketEventKind
    actor_kind: ActorKind
    to_status: TicketStatus | None
    note: str
    actor_name: str


def ticket_texts(columns: Mapping[str, Any], organisation: str | None, said: Iterable[SaidLine]) -> tuple[str, str]:
    """(search_text, search_notes) of a ticket, from its ``COLUMNS`` and its audit trail."""
    context = columns.get("requester_context")
    if not isinstance(context, RequesterContext):
        context = RequesterContext.from_record(context if isinstance(context, Mapping) else None)
    answers = [str(a.get("text") or "") for a in (columns.get("answers") or {}).values()
               if isinstance(a, Mapping) and not a.get("skipped")]
    files = [str(a.get("name") or "") for a in columns.get("attachments") or [] if isinstance(a, Mapping)]
    public: list[Any] = [
        columns.get("reference"), columns.get("summary"), *answers, columns.get("requester_name"),
        columns.get("requester_id"), context.username, context.email, organisation, columns.get("ticket_type"),
        columns.get("product"), columns.get("module"), columns.get("version"), *files,
    ]
    internal: list[Any] = [columns.get("assignee_name"), columns.get("escalated_to")]
    for line in said:
        (public if requester_read(line.kind, line.actor_kind, line.to_status) else internal).extend(
            (line.note, line.actor_name))
    return _folded(public), _folded(internal)


def _folded(parts: Sequence[Any]) -> str:
    return search_text(str(part) for part in parts if part)


def search_words(typed: Iterable[str]) -> list[str]:
    """The folded words of a search, each to be found (at most ``MAX_WORDS``)."""
    return fold(" ".join(typed)).split()[:MAX_WORDS]


def words_found(words: Sequence[str], *, internal: bool) -> list[ColumnElement[bool]]:
    """The conditions "the ticket's text holds each word": agents' searches (``internal``) look in
    both texts, a requester's in what they may find their ticket by."""
    text = TicketRow.search_text + " " + TicketRow.search_notes if internal else TicketRow.search_text
    return [text.contains(word, autoescape=True) for word in words]


class TicketIndex:
    """Keeps a ticket's search texts current; the audit trail calls it with every line it writes."""

    def refresh(self, session: Session, ticket: TicketRow) -> None:
        said = session.execute(
            select(TicketEventRow.kind, TicketEventRow.actor_kind, TicketEventRow.to_status, TicketEventRow.note,
                   TicketEventRow.actor_name).where(TicketEventRow.ticket_id == ticket.id).order_by(TicketEventRow.id))
        organisation = session.get(OrganisationRow, ticket.organisation_id) if ticket.organisation_id else None
        columns = {name: getattr(ticket, name) for name in COLUMNS}
        ticket.search_text, ticket.search_notes = ticket_texts(
            columns, organisation.name if organisation else None, (SaidLine(*line) for line in said))
