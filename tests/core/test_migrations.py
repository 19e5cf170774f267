"""The schema comes from the Alembic migrations, and they describe exactly the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bot.storage.database import make_engine
from bot.storage.migrate import current_revision, head_revision, newest_revision, upgrade
from bot.storage.models import Base


def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_is_idempotent_and_reaches_head(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert {"tickets", "conversations", "outbox", "ticket_events"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_db_upgrade_command_creates_a_fresh_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'supportbot.db'}"
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": url, "PYTHONPATH": os.getcwd()}
    done = subprocess.run([sys.executable, "-m", "adapters.cli.main", "db", "upgrade"], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert f"revision {head_revision()}" in done.stdout
    assert (tmp_path / "new" / "supportbot.db").exists()


def test_the_newest_revision_read_from_the_files_is_alembics_head() -> None:
    assert newest_revision() == head_revision()


def test_a_database_at_the_newest_revision_starts_without_alembic(fresh_engine: Engine) -> None:
    """A fresh database migrates through Alembic; started again, the bot reads the revision and
    loads no Alembic."""
    url = fresh_engine.url.render_as_string(hide_password=False)
    assert _upgrade_loads_alembic(url) is True
    assert current_revision(fresh_engine) == head_revision()
    assert _upgrade_loads_alembic(url) is False


def _upgrade_loads_alembic(database_url: str) -> bool:
    probe = ("import sys\nfrom bot.storage.database import make_engine\nfrom bot.storage.migrate import upgrade\n"
             "upgrade(make_engine(sys.argv[1]))\nprint('alembic' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe, database_url], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip() == "True"
