"""Typed storage: rows written before a column was typed read back as enums and value objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from bot.lifecycle.ticket_buttons import AgentAction
from bot.messages import Platform
from bot.sla.policy import SlaMilestone
from bot.sla.state import MilestoneMark, MilestoneState, SlaPause, SlaState
from bot.storage.migrate import alembic_config
from bot.storage.models import PendingActionRow, PendingKind


def _migrate(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_pending_actions_written_as_strings_become_two_typed_columns(fresh_engine: Engine) -> None:
    _migrate(fresh_engine, "0005")
    now = datetime(2026, 11, 17, 9, 0, tzinfo=UTC).isoformat(sep=" ")
    with fresh_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO conversations (id, platform, channel, thread, user_id, display_name, lang, stage, answers, "
            "history, shown_articles, rejected_articles, attachments, editing, created_at, updated_at) VALUES "
            "(1, 'console', 'alice', '', 'alice', '', 'fr', 'filed', '{}', '[]', '[]', '[]', '[]', false, :now, :now)"),
            {"now": now})
        connection.execute(text(
            "INSERT INTO tickets (id, reference, conversation_id, requester_platform, requester_id, requester_name, "
            "requester_channel, requester_thread, lang, priority, status, summary, answers, description, tried_articles, "
            "attachments, created_at, updated_at) VALUES (1, 'SUP-000001', 1, 'console', 'alice', '', 'alice', '', "
            "'fr', 'minor', 'new', 'x', '{}', '', '[]', '[]', :now, :now)"), {"now": now})
        for person, action in (("agent", "agent:reply"), ("alice", "info"), ("bob", "comment")):
            connection.execute(text(
                "INSERT INTO pending_actions (platform, user_id, ticket_id, action, created_at) "
                "VALUES ('console', :person, 1, :action, :now)"), {"person": person, "action": action, "now": now})

    _migrate(fresh_engine, "head")

    with Session(fresh_engine) as session:
        rows = {row.user_id: row for row in session.scalars(select(PendingActionRow))}
    assert (rows["agent"].kind, rows["agent"].agent_action) == (PendingKind.AGENT_TEXT, AgentAction.REPLY)
    assert (rows["alice"].kind, rows["alice"].agent_action) == (PendingKind.REQUESTER_INFO, None)
    assert (rows["bob"].kind, rows["bob"].agent_action) == (PendingKind.SATISFACTION_COMMENT, None)
    assert rows["agent"].platform is Platform.CONSOLE


def test_sla_state_reads_the_json_rows_have_always_held() -> None:
    met = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
    stored = {"ack": {"met": met.isoformat()}, "first_qualification": {}, "final_qualification": {"reminded": met.isoformat()},
              "pause": {"since": None, "business_seconds": 5400.0}}

    state = SlaState.from_record(stored)

    assert state.of(SlaMilestone.ACK) == MilestoneState(met=met)
    assert state.is_marked(SlaMilestone.FINAL_QUALIFICATION, MilestoneMark.REMINDED)
    assert state.pause == SlaPause(None, timedelta(minutes=90))
    assert SlaState.from_record(state.as_record()) == state
    assert SlaState.from_record({}) == SlaState.from_record(None)  # a ticket filed before any mark


def test_a_new_ticket_state_equals_an_empty_stored_one() -> None:
    assert SlaState() == SlaState.from_record({}) == SlaState.from_record({"pause": {"since": None}})
