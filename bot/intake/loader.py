"""Read intake questions from TOML or YAML data.

A deployment file has the same shape as ``default_questions.toml``: a ``questions`` list
in the order to ask. An entry with only an ``id`` that names a default question (or one of the
``available`` questions, which the defaults do not ask: type, product, module, version, urgency,
reproduced) reuses it, so a deployment can reorder or drop defaults and add its own questions::

    questions = [{ id = "summary" }, { id = "product" }, { id = "version" }, ...]

A question with a ``field`` fills that ticket field; its choices come from the triage file
(:mod:`bot.triage.questions`), not from the questions file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigurationError
from bot.intake.questions import (
    AnswerKind,
    IntakeQuestion,
    IntakeScript,
    Localized,
    Priority,
    QuestionChoice,
)
from bot.triage.fields import TriageField


class IntakeConfigError(ConfigurationError):
    """The intake questions file cannot be used; the message says where and why."""


def _default_data() -> dict[str, Any]:
    text = resources.files("bot.intake").joinpath("default_questions.toml").read_text("utf-8")
    return tomllib.loads(text)


def default_script() -> IntakeScript:
    return _script_from(_default_data(), defaults={}, origin="default_questions.toml")


def available_questions() -> dict[str, IntakeQuestion]:
    """Every question a deployment may name by its id alone: the defaults and the available ones."""
    data = _default_data()
    origin = "default_questions.toml"
    extra = [_question(entry, f"{origin}, available {n}") for n, entry in enumerate(data.get("available", []), 1)]
    return {q.id: q for q in (*default_script().questions, *extra)}


def load_script(path: Path | None) -> IntakeScript:
    """The deployment's intake: the file named in the settings, or the defaults."""
    if path is None:
        return default_script()
    try:
        raw = path.read_text("utf-8")
        data = yaml.safe_load(raw) if path.suffix in {".yaml", ".yml"} else tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise IntakeConfigError(f"cannot read intake questions from {path}: {error}") from error
    return _script_from(data, defaults=available_questions(), origin=str(path))


def _script_from(data: Any, defaults: Mapping[str, IntakeQuestion], origin: str) -> IntakeScript:
    if not isinstance(data, Mapping) or not isinstance(data.get("questions"), list):
        raise IntakeConfigError(f"{origin}: expected a top-level 'questions' list")
    questions = []
    for position, entry in enumerate(data["questions"], start=1):
        where = f"{origin}, question {position}"
        if not isinstance(entry, Mapping) or not entry.get("id"):
            raise IntakeConfigError(f"{where}: each question needs an 'id'")
        if set(entry) == {"id"}:
            if entry["id"] not in defaults:
                raise IntakeConfigError(f"{where}: '{entry['id']}' is not a default question; give its label and prompt")
            questions.append(defaults[entry["id"]])
        else:
            questions.append(_question(entry, where))
    try:
        return IntakeScript(tuple(questions))
    except ValueError as error:
        raise IntakeConfigError(f"{origin}: {error}") from error


def _localized(value: Any, where: str, field: str) -> Localized:
    if isinstance(value, str):
        return Localized(fr=value, en=value)
    if isinstance(value, Mapping) and value.get("fr") and value.get("en"):
        return Localized(fr=str(value["fr"]), en=str(value["en"]))
    raise IntakeConfigError(f"{where}: '{field}' needs a French and an English text (fr = ..., en = ...)")


def _question(entry: Mapping[str, Any], where: str) -> IntakeQuestion:
    try:
        kind = AnswerKind(entry.get("kind", "text"))
    except ValueError:
        kinds = ", ".join(k.value for k in AnswerKind)
        raise IntakeConfigError(f"{where}: unknown kind '{entry.get('kind')}' (use one of {kinds})") from None
    choices = tuple(_choice(c, f"{where}, choice {i}") for i, c in enumerate(entry.get("choices", []), 1))
    field = _field(entry, where)
    if field is not None and choices:
        raise IntakeConfigError(f"{where}: the choices of a '{field.value}' question come from the triage file "
                                "(SUPPORTBOT_TRIAGE_FILE, docs/triage.md), not from the questions")
    if kind is AnswerKind.CHOICE and not choices and field is None:
        raise IntakeConfigError(f"{where}: a 'choice' question needs choices")
    return IntakeQuestion(
        id=str(entry["id"]),
        label=_localized(entry.get("label", entry["id"]), where, "label"),
        prompt=_localized(entry.get("prompt"), where, "prompt"),
        kind=kind,
        choices=choices,
        skippable=bool(entry.get("skippable", False)),
        min_length=int(entry.get("min_length", 2)),
        sets_priority=bool(entry.get("sets_priority", False)),
        field=field,
    )


def _field(entry: Mapping[str, Any], where: str) -> TriageField | None:
    value = entry.get("field")
    if value is None:
        return None
    fields = [f.value for f in TriageField if f not in {TriageField.PRIORITY, TriageField.ORGANISATION, TriageField.QUEUE}]
    if value not in fields:
        raise IntakeConfigError(f"{where}: unknown field '{value}' (use one of {', '.join(fields)})")
    return TriageField(value)


def _choice(entry: Any, where: str) -> QuestionChoice:
    if not isinstance(entry, Mapping) or not entry.get("id"):
        raise IntakeConfigError(f"{where}: each choice needs an 'id' and a 'label'")
    priority = entry.get("priority")
    try:
        parsed_priority = Priority(priority) if priority else None
    except ValueError:
        raise IntakeConfigError(f"{where}: unknown priority '{priority}' (low, minor, major, blocking)") from None
    return QuestionChoice(
        id=str(entry["id"]),
        label=_localized(entry.get("label"), where, "label"),
        aliases=tuple(str(a) for a in entry.get("aliases", [])),
        priority=parsed_priority,
    )
