"""A deployment adds, removes or reorders questions by configuration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.bootstrap import SupportBot
from bot.intake.loader import IntakeConfigError, load_script
from tests.support.chat import ChatDriver

VERSION_TOML = """
questions = [
  { id = "summary" },
  { id = "version", label = { fr = "Version", en = "Version" }, prompt = { fr = "Quelle version du logiciel utilisez-vous ?", en = "Which version of the software?" }, min_length = 1 },
  { id = "error_message" },
  { id = "impact" },
]
"""

VERSION_YAML = """
questions:
  - id: summary
  - id: impact
  - id: version
    label: {fr: Version, en: Version}
    prompt: {fr: "Quelle version ?", en: "Which version?"}
    skippable: true
"""


def test_a_toml_file_adds_a_version_question_and_drops_others(tmp_path: Path, make_bot: Callable[..., SupportBot]) -> None:
    path = tmp_path / "questions.toml"
    path.write_text(VERSION_TOML, "utf-8")
    bot = make_bot(intake_questions_file=path)
    chat = ChatDriver(bot.desk)
    chat.say("Le calcul des heures supplémentaires est faux")
    assert "(2/4) Quelle version du logiciel" in chat.text()
    chat.say("2024.3")
    chat.say("aucun")
    chat.press("Je ne peux plus utiliser")
    chat.press("Envoyer la demande")
    assert "bloquante" in chat.text()


def test_a_yaml_file_reorders_questions(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(VERSION_YAML, "utf-8")
    script = load_script(path)
    assert [q.id for q in script.questions] == ["summary", "impact", "version"]
    assert script.get("version").skippable  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("questions = [{ id = 'nope' }]", "'nope' is not a default question"),
        ("questions = [{ id = 'v', prompt = 'x', kind = 'date' }]", "unknown kind 'date'"),
        ("questions = [{ id = 'v', prompt = { fr = 'x' } }]", "needs a French and an English text"),
        ("questions = [{ id = 'summary' }, { id = 'summary' }]", "must be unique"),
        ("nothing = 1", "expected a top-level 'questions' list"),
        ("questions = [", "cannot read intake questions"),
    ],
)
def test_a_broken_file_says_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "q.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(IntakeConfigError, match=message):
        load_script(path)
