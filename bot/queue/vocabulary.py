"""The deployment's values the queue shows and filters by: ticket types, products and their
modules, queues (the triage file, ``SUPPORTBOT_TRIAGE_FILE``) and organisations (the database),
each with its label in French and English. Read once per page, so that a filter offers exactly
what this deployment has."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.i18n import Language
from bot.intake.questions import Localized
from bot.tickets.toolkit import TriageTools


class Family(str, enum.Enum):
    TYPE = "type"
    PRODUCT = "product"
    MODULE = "module"  # ``product/module``: a module belongs to its product
    QUEUE = "queue"
    ORGANISATION = "organisation"  # by id


Options = tuple[tuple[str, Localized], ...]


@dataclass(frozen=True)
class QueueVocabulary:
    entries: Mapping[Family, Options] = field(default_factory=dict)

    def options(self, family: str) -> Options:
        return self.entries.get(Family(family), ())

    def label(self, family: str, value: str, lang: Language) -> str:
        """The value's label in ``lang``; the value itself when the deployment no longer has it."""
        return next((label.get(lang) for known, label in self.options(family) if known == value), value)

    @classmethod
    def read(cls, session: Session, triage: TriageTools) -> QueueVocabulary:
        config = triage.config
        return cls({
            Family.TYPE: tuple((t.id, t.label) for t in config.types),
            Family.PRODUCT: tuple((p.id, p.label) for p in config.products),
            Family.MODULE: tuple((f"{p.id}/{m.id}", m.label) for p in config.products for m in p.modules),
            Family.QUEUE: tuple((q.id, q.name) for q in triage.queues.queues),
            Family.ORGANISATION: tuple((str(o.id), Localized(o.name, o.name)) for o in triage.organisations.all(session)),
        })
