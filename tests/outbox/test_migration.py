"""Migration 0003 creates exactly the outbox tables the models describe, and can be undone."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bot.storage.migrate import alembic_config, upgrade
from bot.storage.models import Base

OURS = {"outbox", "leases"}


def _touches_ours(diff: Any) -> bool:
    """Alembic diffs are nested tuples naming a table by object (Table, Index, Column) or by name."""
    if isinstance(diff, (tuple, list)):
        return any(_touches_ours(item) for item in diff)
    if isinstance(diff, str):
        return diff in OURS
    table = getattr(diff, "table", diff)
    return getattr(table, "name", None) in OURS


def test_the_migrated_outbox_matches_the_models(fresh_engine: Engine) -> None:
    upgrade(fresh_engine)
    with fresh_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [diff for diff in compare_metadata(context, Base.metadata) if _touches_ours(diff)]
    assert differences == []


def test_0003_upgrades_from_0002_and_downgrades_cleanly(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, "0002")
    assert not OURS & set(inspect(fresh_engine).get_table_names())
    upgrade(fresh_engine, "0003")
    assert set(inspect(fresh_engine).get_table_names()) >= OURS
    config = alembic_config()
    with fresh_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert not OURS & set(inspect(fresh_engine).get_table_names())
