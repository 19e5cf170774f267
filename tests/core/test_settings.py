"""`.env.example` documents every setting, and a copy of it is a valid configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def _entries() -> dict[str, tuple[str, str]]:
    """Variable -> (value, the comment line above it)."""
    lines = EXAMPLE.read_text("utf-8").splitlines()
    entries = {}
    for index, line in enumerate(lines):
        if line.startswith("SUPPORTBOT_"):
            name, _, value = line.partition("=")
            entries[name] = (value, lines[index - 1])
    return entries


def test_every_setting_is_listed_with_a_comment() -> None:
    entries = _entries()
    expected = {f"SUPPORTBOT_{name.upper()}" for name in Settings.model_fields}
    assert set(entries) == expected
    assert all(comment.startswith("# ") and len(comment) > 12 for _, comment in entries.values())


def test_a_copy_of_the_example_is_a_valid_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    for name in _entries():
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=env_file)
    assert settings.database_url.startswith("sqlite:///")
    assert settings.intake_questions_file is None and settings.kb_dir is None
    assert not settings.slack_configured and not settings.telegram_configured
