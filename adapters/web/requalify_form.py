"""The ticket page's Requalify form: one field per triage value an agent may change (type,
priority, product, module, version, the requester's urgency, organisation, and the queue), each
with the deployment's choices in the viewer's language, and what a submitted form changes.

Only the fields whose value differs from the ticket's are sent to the ticket service, in the
order the requalification applies them (a product before its module): a form that keeps the
old module while the product changes lets the service clear it, as chat's menus do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from adapters.web.texts import WebTexts
from adapters.web.ticket_view import TicketView
from bot.i18n import keys
from bot.intake.questions import Priority
from bot.queue.vocabulary import Family, QueueVocabulary
from bot.text import fold
from bot.triage.config import TriageConfig
from bot.triage.fields import RequesterUrgency, TriageField
from bot.triage.requalification import REQUALIFIABLE

NONE = "-"  # what clears a field (the Requalifier reads it so)
Choices = tuple[tuple[str, str], ...]  # (value, label)


@dataclass(frozen=True)
class FieldInput:
    field: TriageField
    current: str
    choices: Choices = ()
    groups: tuple[tuple[str, Choices], ...] = ()  # modules, under their product
    suggestions: tuple[str, ...] = ()  # a version is typed; the product's versions are suggested


def current_values(view: TicketView) -> dict[TriageField, str]:
    triage = view.triage
    return {
        TriageField.TYPE: triage.ticket_type or NONE, TriageField.PRIORITY: view.priority.value,
        TriageField.PRODUCT: triage.product or NONE, TriageField.MODULE: triage.module or NONE,
        TriageField.VERSION: triage.version or "", TriageField.URGENCY: triage.urgency.value if triage.urgency else NONE,
        TriageField.ORGANISATION: triage.organisation or NONE, TriageField.QUEUE: triage.queue,
    }


def form_inputs(view: TicketView, config: TriageConfig, vocabulary: QueueVocabulary, texts: WebTexts,
                *, may_route: bool) -> list[FieldInput]:
    """The form's fields for this ticket; product and module only where the deployment has
    products, the queue only with several queues and while the ticket may move."""
    lang = texts.lang
    none = (NONE, "—")
    current = current_values(view)

    def listed(family: Family) -> Choices:
        return tuple((value, label.get(lang)) for value, label in vocabulary.options(family))

    inputs = [
        FieldInput(TriageField.TYPE, current[TriageField.TYPE], ((NONE, texts("triage.to_qualify")), *listed(Family.TYPE))),
        FieldInput(TriageField.PRIORITY, current[TriageField.PRIORITY],
                   tuple((p.value, texts(f"web.priority.{p.value}")) for p in reversed(Priority))),
    ]
    if config.products:
        inputs.append(FieldInput(TriageField.PRODUCT, current[TriageField.PRODUCT], (none, *listed(Family.PRODUCT))))
        groups = tuple((p.label.get(lang), tuple((m.id, m.label.get(lang)) for m in p.modules))
                       for p in config.products if p.modules)
        if groups:
            inputs.append(FieldInput(TriageField.MODULE, current[TriageField.MODULE], (none,), groups))
    inputs += [
        FieldInput(TriageField.VERSION, current[TriageField.VERSION], suggestions=config.versions_for(view.triage.product)),
        FieldInput(TriageField.URGENCY, current[TriageField.URGENCY],
                   (none, *((u.value, texts(keys.urgency(u))) for u in RequesterUrgency))),
        FieldInput(TriageField.ORGANISATION, current[TriageField.ORGANISATION],
                   (none, *((label.get(lang), label.get(lang)) for _, label in vocabulary.options(Family.ORGANISATION)))),
    ]
    if may_route and len(vocabulary.options(Family.QUEUE)) > 1:
        inputs.append(FieldInput(TriageField.QUEUE, current[TriageField.QUEUE], listed(Family.QUEUE)))
    return inputs


def submitted_changes(form: Mapping[str, str], view: TicketView) -> tuple[list[tuple[TriageField, str]], str | None]:
    """What the form changes, in the order they apply, and the queue asked for when it differs."""
    current = current_values(view)
    changes = []
    for field in REQUALIFIABLE:
        if field.value not in form:
            continue
        value = form[field.value].strip()
        if field is TriageField.VERSION and not value:
            value = NONE  # an emptied version is cleared
        before = current[field] or NONE
        if fold(value) != fold(before) and not (value == NONE and before == NONE):
            changes.append((field, value))
    queue = form.get(TriageField.QUEUE.value, "").strip()
    return changes, queue if queue and queue != current[TriageField.QUEUE] else None


def every_field(form: Mapping[str, str]) -> list[tuple[TriageField, str]]:
    """Every requalifiable field the form carried, as typed (a form that changes nothing: the
    service then says so, in its words)."""
    return [(field, form[field.value].strip() or NONE) for field in REQUALIFIABLE if field.value in form]
