"""Migration 0014 on a database with data: customers (link codes) become organisations, a linked
chat one of its people; tickets filed before it read back with empty triage fields."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from bot.storage.migrate import alembic_config
from bot.storage.models import CustomerRow, OrganisationMemberRow, OrganisationRow, TicketRow
from bot.triage.context import RequesterContext
from bot.triage.fields import ContractLevel


def _migrate(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_customers_become_organisations_and_old_tickets_read_back(fresh_engine: Engine) -> None:
    _migrate(fresh_engine, "0007")
    now = datetime(2026, 11, 17, 9, 0, tzinfo=UTC).isoformat(sep=" ")
    with fresh_engine.begin() as connection:
        for code, name, platform, user in (("ABCD2345", "ACME", "telegram", "700100200"), ("EFGH6789", "ACME", None, None),
                                           ("JKLM2345", "Globex", None, None)):
            connection.execute(text("INSERT INTO customers (name, code, platform, user_id, created_at) "
                                    "VALUES (:name, :code, :platform, :user, :now)"),
                               {"name": name, "code": code, "platform": platform, "user": user, "now": now})
        connection.execute(text(
            "INSERT INTO conversations (id, platform, channel, thread, user_id, display_name, lang, stage, answers, "
            "history, shown_articles, rejected_articles, attachments, editing, created_at, updated_at) VALUES "
            "(1, 'console', 'alice', '', 'alice', '', 'fr', 'filed', '{}', '[]', '[]', '[]', '[]', false, :now, :now)"),
            {"now": now})
        connection.execute(text(
            "INSERT INTO tickets (id, reference, conversation_id, requester_platform, requester_id, requester_name, "
            "requester_channel, requester_thread, lang, priority, status, summary, answers, description, tried_articles, "
            "attachments, created_at, updated_at, fix_in_next_update, reactivated_count, sla) VALUES (1, 'SUP-000001', 1, "
            "'console', 'alice', '', 'alice', '', 'fr', 'minor', 'new', 'x', '{}', '', '[]', '[]', :now, :now, false, 0, "
            "'{}')"), {"now": now})

    _migrate(fresh_engine, "head")

    with Session(fresh_engine) as session:
        organisations = {o.name: o for o in session.scalars(select(OrganisationRow))}
        assert set(organisations) == {"ACME", "Globex"} and organisations["ACME"].contract is ContractLevel.NONE
        codes = {c.code: c.organisation_id for c in session.scalars(select(CustomerRow))}
        assert codes == {"ABCD2345": organisations["ACME"].id, "EFGH6789": organisations["ACME"].id,
                         "JKLM2345": organisations["Globex"].id}
        [member] = session.scalars(select(OrganisationMemberRow)).all()
        assert (member.platform.value, member.user_id, member.organisation_id) == (
            "telegram", "700100200", organisations["ACME"].id)
        old = session.get(TicketRow, 1)
        assert old is not None
        assert (old.ticket_type, old.product, old.queue, old.organisation_id, old.search_text) == (None, None, None, None, "")
        assert old.requester_context == RequesterContext()
