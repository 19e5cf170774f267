"""Intake questions bound to a ticket field get their choices from the triage configuration:
the ticket types, the products, each product's modules and versions, the urgency levels.

A module or a version belongs to a product: its choice is offered once that product is chosen
(see :meth:`bot.intake.questions.IntakeScript.resolved`). Choice ids stay short and safe for
button ids: ``<product>:<module>``, ``v<n>`` for versions.
"""

from __future__ import annotations

from dataclasses import replace

from bot.i18n import Catalog, Language, keys
from bot.intake.questions import AnswerKind, IntakeQuestion, IntakeScript, Localized, QuestionChoice
from bot.triage.config import TriageConfig
from bot.triage.fields import RequesterUrgency, TriageField


def with_triage_choices(script: IntakeScript, triage: TriageConfig, catalog: Catalog) -> IntakeScript:
    return IntakeScript(tuple(_filled(q, triage, catalog) if q.field else q for q in script.questions))


def _filled(question: IntakeQuestion, triage: TriageConfig, catalog: Catalog) -> IntakeQuestion:
    match question.field:
        case TriageField.TYPE:
            choices = tuple(QuestionChoice(t.id, t.label) for t in triage.types)
        case TriageField.PRODUCT:
            choices = tuple(QuestionChoice(p.id, p.label) for p in triage.products)
        case TriageField.MODULE:
            choices = tuple(QuestionChoice(f"{p.id}:{m.id}", m.label, product=p.id) for p in triage.products for m in p.modules)
        case TriageField.VERSION:
            return _versions(question, triage)
        case TriageField.URGENCY:
            choices = tuple(QuestionChoice(u.value, urgency_label(catalog, u)) for u in RequesterUrgency)
        case _:
            return question
    return replace(question, kind=AnswerKind.CHOICE, choices=choices)


def _versions(question: IntakeQuestion, triage: TriageConfig) -> IntakeQuestion:
    """A product's own versions once it is chosen, else the common list; any other version may be typed."""
    choices = [QuestionChoice(f"{p.id}:v{n}", Localized(v, v), product=p.id)
               for p in triage.products for n, v in enumerate(p.versions)]
    choices += [QuestionChoice(f"v{n}", Localized(v, v)) for n, v in enumerate(triage.versions)]
    kind = AnswerKind.CHOICE_OR_TEXT if choices else AnswerKind.TEXT
    return replace(question, kind=kind, choices=tuple(choices))


def urgency_label(catalog: Catalog, urgency: RequesterUrgency) -> Localized:
    key = keys.urgency(urgency)
    return Localized(catalog.text(Language.FR, key), catalog.text(Language.EN, key))
