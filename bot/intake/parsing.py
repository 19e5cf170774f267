"""Parse a typed answer (or a pressed quick reply) for one intake question.

Each :class:`~bot.intake.questions.AnswerKind` has one parser. A parser returns an
:class:`Answer`, or an :class:`AnswerProblem` whose catalog key tells the user exactly
what is expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.i18n import Language
from bot.intake.questions import Answer, AnswerKind, IntakeQuestion, QuestionChoice
from bot.text import fold

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,7})(?![\d.,]*\d)")


@dataclass(frozen=True)
class AnswerProblem:
    key: str  # message catalog key, under "answer."
    params: dict[str, object]


def match_choice(question: IntakeQuestion, typed: str) -> QuestionChoice | None:
    """A typed label or alias selects a choice, in any language.

    Numbers are not matched here: "2" is a valid count of users. Adapters that show
    numbered options (the console) turn a typed number into the button id themselves.
    """
    folded = fold(typed)
    if not folded:
        return None
    for choice in question.choices:
        names = {fold(choice.label.fr), fold(choice.label.en), fold(choice.id.replace("_", " "))}
        names.update(fold(alias) for alias in choice.aliases)
        if folded in names:
            return choice
    return None


def parse_answer(
    question: IntakeQuestion, text: str, lang: Language, chosen: str | None = None
) -> Answer | AnswerProblem:
    """``chosen`` is a quick-reply id from a button; ``text`` is what was typed."""
    choice = question.choice(chosen) if chosen else None
    if chosen and choice is None:
        return AnswerProblem("answer.unknown_choice", {"options": _options(question, lang)})
    if choice is None and question.choices and question.kind is not AnswerKind.TEXT:
        choice = match_choice(question, text)
    if choice is not None:
        return Answer(text=choice.label.get(lang), choice=choice.id)

    if question.kind is AnswerKind.CHOICE:
        return AnswerProblem("answer.pick_one", {"options": _options(question, lang)})
    if question.kind is AnswerKind.COUNT:
        match = _NUMBER.search(text)
        if match is None or int(match.group(1)) < 1:
            return AnswerProblem("answer.count_expected", {"options": _options(question, lang)})
        return Answer(text=text, number=int(match.group(1)))
    if len(text) < question.min_length or not any(ch.isalnum() for ch in text):
        return AnswerProblem("answer.too_short", {"minimum": question.min_length})
    return Answer(text=text)


def _options(question: IntakeQuestion, lang: Language) -> str:
    return ", ".join(f"« {c.label.get(lang)} »" if lang is Language.FR else f'"{c.label.get(lang)}"' for c in question.choices)
