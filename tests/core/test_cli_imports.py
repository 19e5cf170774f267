"""``supportbot --help`` and every command's ``--help`` load no more than the command line itself:
not the database layer, not the knowledge base's engine and its numpy, not a chat platform, not the
settings. Read from ``sys.modules`` of the real command, run in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Top-level packages a help screen must not load, and the bot's and the KB's modules that bring them.
HEAVY = ("numpy", "scipy", "sqlalchemy", "alembic", "psycopg", "wordllama", "tokenizers", "rapidfuzz", "slack_bolt",
         "slack_sdk", "telegram", "aiohttp", "jinja2", "prometheus_client", "pydantic_settings", "holidays", "yaml")
HEAVY_OURS = ("bot.bootstrap", "bot.settings", "bot.storage", "bot.desk", "kb.engine", "kb.semantic", "kb.library",
              "adapters.slack", "adapters.telegram", "adapters.web", "adapters.console", "adapters.runner")
# Runs the real entry point, then prints the modules it loaded, whatever way the command exits.
PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["supportbot", *sys.argv[1:]]
from adapters.cli.main import main
main()
"""


def loaded_by(tmp_path: Path, *args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env["SUPPORTBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'supportbot.db'}"
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY_OURS))


@pytest.mark.parametrize("command", [
    ["--help"], ["tickets", "--help"], ["tickets", "list", "--help"], ["tickets", "claim", "--help"], ["kb", "--help"],
    ["kb", "search", "--help"], ["web", "--help"], ["web", "account-add", "--help"], ["db", "--help"],
    ["customers", "--help"], ["customers", "add", "--help"], ["outbox", "--help"], ["chat", "--help"], ["run", "--help"],
    ["tickets", "requalify", "--help"], ["tickets", "search", "--help"], ["agent", "--help"],
])
def test_a_help_screen_loads_nothing_heavy(tmp_path: Path, command: list[str]) -> None:
    modules = loaded_by(tmp_path, *command)
    assert "adapters.cli.main" in modules
    assert heavy(modules) == []


def test_the_probe_sees_what_a_command_that_works_loads(tmp_path: Path) -> None:
    """The same probe, on a command that searches the knowledge base, finds its engine and numpy."""
    modules = loaded_by(tmp_path, "kb", "search", "mot de passe oublié", "--lexical")
    assert {"numpy", "kb.engine"} <= set(heavy(modules))
