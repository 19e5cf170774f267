"""Intake questions as data: what to ask, in which order, and how to read the answer."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any

from bot.i18n import Language
from bot.triage.fields import TriageField


class AnswerKind(str, enum.Enum):
    """How an answer is parsed. Each kind has one parser in :mod:`bot.intake.parsing`."""

    TEXT = "text"  # free text, at least ``min_length`` characters
    CHOICE = "choice"  # one of the quick replies, nothing else
    CHOICE_OR_TEXT = "choice_or_text"  # a quick reply, or free text
    COUNT = "count"  # a quick reply, or a whole number


class Priority(str, enum.Enum):
    LOW = "low"  # a usage question
    MINOR = "minor"  # a workaround exists
    MAJOR = "major"  # the user cannot do a task
    BLOCKING = "blocking"  # the software cannot be used at all

    @property
    def rank(self) -> int:
        return list(Priority).index(self)


@dataclass(frozen=True)
class Localized:
    fr: str
    en: str

    def get(self, lang: Language) -> str:
        return self.fr if lang is Language.FR else self.en


@dataclass(frozen=True)
class QuestionChoice:
    id: str
    label: Localized
    aliases: tuple[str, ...] = ()  # other words that select it when typed, any language
    priority: Priority | None = None
    product: str | None = None  # offered only once this product is chosen (a module, a version of it)


@dataclass(frozen=True)
class IntakeQuestion:
    id: str
    label: Localized  # short name, used in the recap and the ticket
    prompt: Localized
    kind: AnswerKind = AnswerKind.TEXT
    choices: tuple[QuestionChoice, ...] = ()
    skippable: bool = False
    min_length: int = 2
    sets_priority: bool = False  # the chosen answer's ``priority`` becomes the ticket's
    field: TriageField | None = None  # the ticket field the answer fills; its choices come from the triage file

    def choice(self, choice_id: str) -> QuestionChoice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Answer:
    """A parsed answer, stored as structured data on the conversation and the ticket."""

    text: str
    choice: str | None = None
    number: int | None = None
    skipped: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "choice": self.choice, "number": self.number, "skipped": self.skipped}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Answer:
        number = data.get("number")
        choice = data.get("choice")
        return cls(
            text=str(data.get("text", "")),
            choice=str(choice) if choice is not None else None,
            number=int(number) if isinstance(number, int) else None,
            skipped=bool(data.get("skipped", False)),
        )


@dataclass(frozen=True)
class IntakeScript:
    """The ordered questions of a deployment. The first one is always the summary."""

    questions: tuple[IntakeQuestion, ...]

    def __post_init__(self) -> None:
        ids = [q.id for q in self.questions]
        if not ids:
            raise ValueError("the intake needs at least one question (the summary)")
        if len(set(ids)) != len(ids):
            raise ValueError(f"intake question ids must be unique, got {ids}")

    @property
    def first(self) -> IntakeQuestion:
        return self.questions[0]

    def get(self, question_id: str) -> IntakeQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def after(self, question_id: str) -> IntakeQuestion | None:
        ids = [q.id for q in self.questions]
        index = ids.index(question_id) + 1 if question_id in ids else 0
        return self.questions[index] if index < len(ids) else None

    def by_field(self, field: TriageField) -> IntakeQuestion | None:
        return next((q for q in self.questions if q.field is field), None)

    def chosen_product(self, answers: dict[str, Any]) -> str | None:
        question = self.by_field(TriageField.PRODUCT)
        raw = answers.get(question.id) if question else None
        return str(raw["choice"]) if raw and raw.get("choice") else None

    def resolved(self, question: IntakeQuestion, answers: dict[str, Any]) -> IntakeQuestion:
        """The question with the choices that apply now: those of the chosen product when it has
        some (its modules, its versions), else those tied to no product."""
        if not any(c.product for c in question.choices):
            return question
        product = self.chosen_product(answers)
        own = tuple(c for c in question.choices if product and c.product == product)
        return replace(question, choices=own or tuple(c for c in question.choices if c.product is None))

    def applies(self, question: IntakeQuestion, answers: dict[str, Any]) -> bool:
        """A question that must be picked from a list applies only when the list is not empty
        (no module to choose for a product without modules)."""
        return question.kind is not AnswerKind.CHOICE or bool(self.resolved(question, answers).choices)
