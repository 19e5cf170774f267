"""Migration 0015 on a database with data: the web desk's search table goes, and every ticket
already there gets both search texts from its columns and its audit trail (what the requester may
find it by, what only agents read), so that the search finds old tickets as it finds new ones."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.storage.migrate import alembic_config
from bot.storage.models import TicketRow
from bot.tickets.repository import TicketRepository
from bot.triage.search import parse_ticket_query


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _found(engine: Engine, typed: str, requester: tuple[Platform, str] | None = None) -> list[str]:
    with Session(engine) as session:
        page = TicketRepository(session).search(parse_ticket_query(typed), requester=requester)
        return [t.reference or "" for t in page.tickets]


def test_old_tickets_are_found_by_their_words_and_requesters_never_by_internal_ones(fresh_engine: Engine) -> None:
    _migrate(fresh_engine, "0014")
    now = datetime(2026, 11, 17, 9, 0, tzinfo=UTC).isoformat(sep=" ")
    with fresh_engine.begin() as connection:
        connection.execute(text("INSERT INTO organisations (id, name, contract, slack_groups, email_domains, created_at) "
                                "VALUES (1, 'Globex', 'standard', '[]', '[]', :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO conversations (id, platform, channel, thread, user_id, display_name, lang, stage, answers, "
            "history, shown_articles, rejected_articles, attachments, editing, created_at, updated_at) VALUES "
            "(1, 'telegram', '700', '', '700', 'Denise', 'fr', 'filed', '{}', '[]', '[]', '[]', '[]', false, :now, :now)"),
            {"now": now})
        connection.execute(text(
            "INSERT INTO tickets (id, reference, conversation_id, requester_platform, requester_id, requester_name, "
            "requester_channel, requester_thread, lang, priority, status, summary, answers, description, tried_articles, "
            "attachments, created_at, updated_at, fix_in_next_update, reactivated_count, sla, organisation_id, product, "
            "requester_context, assignee_name) VALUES (1, 'SUP-000001', 1, 'telegram', '700', 'Denise Lambert', '700', '', "
            "'fr', 'major', 'escalated', 'Le calcul de la TVA est faux', :answers, 'Message : x', '[]', "
            "'[{\"name\": \"capture-tva.png\"}]', :now, :now, false, 0, '{}', 1, 'compta', :context, 'Agnès')"),
            {"now": now, "answers": '{"error": {"question": "Message", "text": "Écart de 3 centimes"}}',
             "context": '{"username": "denise_l"}'})
        for kind, actor_kind, to_status, note, actor in (
            ("created", "requester", "new", "", "Denise Lambert"),
            ("note", "agent", None, "Appel avec le service fiscal", "Agnès"),
            ("reply", "agent", None, "Merci de patienter", "Agnès"),
            ("status", "agent", "escalated", "Équipe paie : arrondis", "Agnès")):
            connection.execute(text("INSERT INTO ticket_events (ticket_id, at, kind, actor_kind, actor_id, actor_name, "
                                    "to_status, note) VALUES (1, :now, :kind, :actor_kind, '', :actor, :to_status, :note)"),
                               {"now": now, "kind": kind, "actor_kind": actor_kind, "to_status": to_status, "note": note,
                                "actor": actor})
        connection.execute(text("INSERT INTO ticket_search (ticket_id, text, indexed_at, last_event_id) "
                                "VALUES (1, 'stale', :now, 0)"), {"now": now})

    _migrate(fresh_engine, "head")

    assert "ticket_search" not in inspect(fresh_engine).get_table_names()
    with Session(fresh_engine) as session:
        old = session.get(TicketRow, 1)
        assert old is not None
        for word in ("sup 000001", "tva", "3 centimes", "denise_l", "globex", "compta", "capture tva png", "merci de patienter"):
            assert word in old.search_text, word
        for word in ("service fiscal", "equipe paie"):
            assert word in old.search_notes and word not in old.search_text, word
    denise = (Platform.TELEGRAM, "700")
    for typed in ("tva centimes", "globex", "SUP-000001", "patienter"):
        assert _found(fresh_engine, typed) == ["SUP-000001"] == _found(fresh_engine, typed, denise), typed
    assert _found(fresh_engine, "service fiscal") == ["SUP-000001"]
    assert _found(fresh_engine, "service fiscal", denise) == []

    _migrate(fresh_engine, "0014", down=True)
    assert "ticket_search" in inspect(fresh_engine).get_table_names()
    assert "search_notes" not in {c["name"] for c in inspect(fresh_engine).get_columns("tickets")}
