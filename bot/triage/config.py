"""A deployment's triage configuration, as values: ticket types, products with their modules and
versions, organisations and agents' queues (read by :mod:`bot.triage.loader`).

Lookups accept what people type: an id, or a label in either language, without case or accents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.intake.questions import Localized
from bot.text import fold
from bot.triage.fields import ContractLevel

NO_VALUE = frozenset({"-", "none", "aucun", "aucune", "rien"})  # typed to clear a field


@dataclass(frozen=True)
class Option:
    """A value picked from a list: a ticket type, a module."""

    id: str
    label: Localized

    def known_as(self, typed: str) -> bool:
        wanted = fold(typed)
        return bool(wanted) and wanted in {fold(self.id.replace("_", " ")), fold(self.id), fold(self.label.fr),
                                           fold(self.label.en)}


@dataclass(frozen=True)
class Product:
    id: str
    label: Localized
    modules: tuple[Option, ...] = ()
    versions: tuple[str, ...] = ()

    def known_as(self, typed: str) -> bool:
        return Option(self.id, self.label).known_as(typed)

    def module(self, typed: str) -> Option | None:
        return next((m for m in self.modules if m.id == typed or m.known_as(typed)), None)


@dataclass(frozen=True)
class RoutingRule:
    """Which tickets a queue takes: every criterion given must match (any of its values)."""

    types: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    modules: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()  # folded names

    def matches(self, ticket_type: str | None, product: str | None, module: str | None, organisation: str | None) -> bool:
        criteria = ((self.types, ticket_type), (self.products, product), (self.modules, module),
                    (self.organisations, fold(organisation) if organisation else None))
        return any(wanted for wanted, _ in criteria) and all(not wanted or value in wanted for wanted, value in criteria)


@dataclass(frozen=True)
class QueueConfig:
    """One agents' queue: where its cards go (a Slack channel, a Telegram group), its agents, its rule."""

    id: str
    name: Localized
    slack_channel: str | None = None
    telegram_chat: str | None = None
    agents: tuple[str, ...] = ()  # platform:user_id
    rule: RoutingRule | None = None


@dataclass(frozen=True)
class OrganisationConfig:
    name: str
    contract: ContractLevel = ContractLevel.NONE
    slack_groups: tuple[str, ...] = ()  # user-group ids (S...) or @handles
    email_domains: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # platform:user_id


DEFAULT_TYPES = (
    Option("help", Localized("Aide", "Help")), Option("bug", Localized("Bug", "Bug")),
    Option("evolution", Localized("Évolution", "Evolution")), Option("other", Localized("Autre", "Other")),
)


@dataclass(frozen=True)
class TriageConfig:
    types: tuple[Option, ...] = DEFAULT_TYPES
    products: tuple[Product, ...] = ()
    versions: tuple[str, ...] = ()  # for products that list none of their own
    organisations: tuple[OrganisationConfig, ...] = ()
    queues: tuple[QueueConfig, ...] = field(default_factory=tuple)

    def ticket_type(self, typed: str) -> Option | None:
        return _find(self.types, typed)

    def product(self, typed: str | None) -> Product | None:
        if not typed:
            return None
        return next((p for p in self.products if p.id == typed), None) or next(
            (p for p in self.products if p.known_as(typed)), None)

    def versions_for(self, product: str | None) -> tuple[str, ...]:
        found = self.product(product)
        return found.versions if found is not None and found.versions else self.versions

    def version(self, typed: str, product: str | None) -> str:
        """A configured version when the typed one names it (``V2024`` for ``v2024``), else as typed."""
        wanted = fold(typed)
        return next((v for v in self.versions_for(product) if fold(v) == wanted), typed.strip())

    def type_label(self, type_id: str | None) -> Localized | None:
        found = next((t for t in self.types if t.id == type_id), None)
        return found.label if found else None

    def module_label(self, product: str | None, module: str | None) -> Localized | None:
        found = self.product(product)
        option = next((m for m in found.modules if m.id == module), None) if found else None
        return option.label if option else None

    def slack_groups(self) -> tuple[str, ...]:
        return tuple(sorted({group for org in self.organisations for group in org.slack_groups}))


def _find(options: Iterable[Option], typed: str) -> Option | None:
    options = tuple(options)
    return next((o for o in options if o.id == typed), None) or next((o for o in options if o.known_as(typed)), None)


def clears(typed: str) -> bool:
    """Whether what an agent typed means "no value" (``-``, ``none``, ``aucun``)."""
    return fold(typed) in NO_VALUE or typed.strip() == "-"
