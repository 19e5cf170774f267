"""Migration 0017: places that already hold two active conversations keep the newest, then the
index forbids a second one."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from bot.storage.migrate import upgrade

_ROW = ("INSERT INTO conversations (platform, channel, thread, user_id, display_name, lang, stage, answers, history, "
        "shown_articles, rejected_articles, attachments, editing, created_at, updated_at) VALUES "
        "('slack', 'C1', :thread, 'U1', '', 'fr', :stage, '{}', '[]', '[]', '[]', '[]', false, "
        "'2026-11-01 10:00:00', '2026-11-01 10:00:00')")


def test_duplicate_active_conversations_keep_the_newest_and_a_new_duplicate_is_refused(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, "0016")
    with fresh_engine.begin() as connection:
        for thread, stage in [("t1", "asking"), ("t1", "recap"), ("t1", "filed"), ("t2", "asking")]:
            connection.execute(text(_ROW), {"thread": thread, "stage": stage})
    upgrade(fresh_engine, "0017")
    with fresh_engine.begin() as connection:
        stages = connection.execute(text("SELECT thread, stage FROM conversations ORDER BY id")).all()
    assert [tuple(row) for row in stages] == [("t1", "cancelled"), ("t1", "recap"), ("t1", "filed"), ("t2", "asking")]
    with pytest.raises(IntegrityError), fresh_engine.begin() as connection:
        connection.execute(text(_ROW), {"thread": "t2", "stage": "choosing_edit"})
    with fresh_engine.begin() as connection:  # an outcome beside an active one is fine
        connection.execute(text(_ROW), {"thread": "t2", "stage": "solved"})
