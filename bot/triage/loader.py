"""Read a deployment's triage file (``SUPPORTBOT_TRIAGE_FILE``, TOML or YAML): ticket types,
products with modules and versions, organisations, agents' queues. See docs/triage.md.

Every mistake stops the bot at start with where it is and what is expected: ids are short
(they travel inside button ids, at most 64 bytes on Telegram), routes name known values.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigurationError
from bot.intake.questions import Localized
from bot.messages import Platform
from bot.text import fold
from bot.triage.config import (
    DEFAULT_TYPES,
    Option,
    OrganisationConfig,
    Product,
    QueueConfig,
    RoutingRule,
    TriageConfig,
)
from bot.triage.fields import ContractLevel

DEFAULT_QUEUE = "support"  # the queue of SUPPORTBOT_SLACK_AGENTS_CHANNEL / _TELEGRAM_AGENTS_CHAT_ID
ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,19}$")
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
PERSON = re.compile(r"^(?:" + "|".join(p.value for p in Platform) + r"):\S{1,128}$")


class TriageConfigError(ConfigurationError):
    """The triage file cannot be used; the message says where and why."""


def load_triage(path: Path | None) -> TriageConfig:
    if path is None:
        return TriageConfig()
    try:
        raw = path.read_text("utf-8")
        data = yaml.safe_load(raw) if path.suffix in {".yaml", ".yml"} else tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise TriageConfigError(f"cannot read the triage file {path}: {error}") from error
    return triage_from(data, str(path))


def triage_from(data: Any, origin: str) -> TriageConfig:
    if not isinstance(data, Mapping):
        raise TriageConfigError(f"{origin}: expected tables such as [[products]] or [[queues]]")
    unknown = set(data) - {"types", "products", "versions", "organisations", "queues"}
    if unknown:
        raise TriageConfigError(f"{origin}: unknown section(s) {sorted(unknown)} (types, products, versions, "
                                "organisations, queues)")
    types = tuple(_option(e, f"{origin}, types[{i}]") for i, e in enumerate(_list(data, "types", origin), 1)) or DEFAULT_TYPES
    products = tuple(_product(e, f"{origin}, products[{i}]") for i, e in enumerate(_list(data, "products", origin), 1))
    versions = _versions(data.get("versions", []), f"{origin}, versions")
    organisations = tuple(_organisation(e, f"{origin}, organisations[{i}]")
                          for i, e in enumerate(_list(data, "organisations", origin), 1))
    config = TriageConfig(types, products, versions, organisations)
    queues = tuple(_queue(e, f"{origin}, queues[{i}]", config) for i, e in enumerate(_list(data, "queues", origin), 1))
    for what, ids in (("type", [t.id for t in types]), ("product", [p.id for p in products]),
                      ("organisation", [fold(o.name) for o in organisations]), ("queue", [q.id for q in queues])):
        _unique(ids, f"{origin}: {what}")
    return TriageConfig(types, products, versions, organisations, queues)


def _list(data: Mapping[str, Any], key: str, origin: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise TriageConfigError(f"{origin}: '{key}' must be a list ([[{key}]] tables in TOML)")
    return value


def _unique(ids: list[str], what: str) -> None:
    seen = [i for n, i in enumerate(ids) if i in ids[:n]]
    if seen:
        raise TriageConfigError(f"{what} ids must be unique; repeated: {sorted(set(seen))}")


def _id(entry: Mapping[str, Any], where: str) -> str:
    value = str(entry.get("id", ""))
    if not ID.match(value):
        raise TriageConfigError(f"{where}: 'id' must be 1 to 20 lower-case letters, digits, '-' or '_' (got {value!r})")
    return value


def _localized(value: Any, where: str) -> Localized:
    if isinstance(value, str) and value.strip():
        return Localized(value, value)
    if isinstance(value, Mapping) and value.get("fr") and value.get("en"):
        return Localized(str(value["fr"]), str(value["en"]))
    raise TriageConfigError(f"{where}: needs a label, one text or {{ fr = ..., en = ... }}")


def _option(entry: Any, where: str) -> Option:
    if not isinstance(entry, Mapping):
        raise TriageConfigError(f"{where}: expected {{ id = ..., label = ... }}")
    return Option(_id(entry, where), _localized(entry.get("label"), where))


def _versions(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise TriageConfigError(f"{where}: expected a list of versions, e.g. [\"2025.1\", \"2024.4\"]")
    versions = tuple(str(v) for v in value)
    bad = [v for v in versions if not VERSION.match(v)]
    if bad:
        raise TriageConfigError(f"{where}: versions are up to 32 letters, digits, '.', '-' or '_': {bad}")
    return versions


def _product(entry: Any, where: str) -> Product:
    if not isinstance(entry, Mapping):
        raise TriageConfigError(f"{where}: expected {{ id = ..., label = ..., modules = [...], versions = [...] }}")
    modules = tuple(_option(m, f"{where}, modules[{i}]") for i, m in enumerate(entry.get("modules", []), 1))
    _unique([m.id for m in modules], f"{where}: module")
    return Product(_id(entry, where), _localized(entry.get("label"), where), modules,
                   _versions(entry.get("versions", []), f"{where}, versions"))


def _organisation(entry: Any, where: str) -> OrganisationConfig:
    if not isinstance(entry, Mapping) or not str(entry.get("name", "")).strip():
        raise TriageConfigError(f"{where}: each organisation needs a 'name'")
    try:
        contract = ContractLevel(entry.get("contract", ContractLevel.NONE.value))
    except ValueError:
        levels = ", ".join(level.value for level in ContractLevel)
        raise TriageConfigError(f"{where}: unknown contract {entry.get('contract')!r} ({levels})") from None
    people = tuple(str(p) for p in entry.get("people", []))
    bad = [p for p in people if not PERSON.match(p)]
    if bad:
        raise TriageConfigError(f"{where}: people are platform:user_id (slack:U123, telegram:42): {bad}")
    domains = tuple(str(d).lower().lstrip("@") for d in entry.get("email_domains", []))
    return OrganisationConfig(str(entry["name"]).strip()[:200], contract, tuple(str(g) for g in entry.get("slack_groups", [])),
                              domains, people)


def _queue(entry: Any, where: str, config: TriageConfig) -> QueueConfig:
    if not isinstance(entry, Mapping):
        raise TriageConfigError(f"{where}: expected {{ id = ..., name = ..., slack_channel = ..., agents = [...] }}")
    queue_id = _id(entry, where)
    if queue_id == DEFAULT_QUEUE:
        raise TriageConfigError(f"{where}: '{DEFAULT_QUEUE}' is the default queue's id (the agents' channels of the settings)")
    agents = tuple(str(a) for a in entry.get("agents", []))
    bad = [a for a in agents if not PERSON.match(a)]
    if bad:
        raise TriageConfigError(f"{where}: agents are platform:user_id (slack:U123, telegram:42): {bad}")
    slack, telegram = entry.get("slack_channel"), entry.get("telegram_chat")
    if telegram is not None and not re.fullmatch(r"-?\d{1,20}", str(telegram)):
        raise TriageConfigError(f"{where}: 'telegram_chat' is a chat id, a number such as -1001987654321 (got {telegram!r})")
    return QueueConfig(queue_id, _localized(entry.get("name", queue_id), where), str(slack) if slack else None,
                       str(telegram) if telegram else None, agents, _rule(entry.get("route"), f"{where}, route", config))


def _rule(entry: Any, where: str, config: TriageConfig) -> RoutingRule | None:
    if entry is None:
        return None
    if not isinstance(entry, Mapping) or set(entry) - {"types", "products", "modules", "organisations"}:
        raise TriageConfigError(f"{where}: a route is {{ types = [...], products = [...], modules = [...], "
                                "organisations = [...] }}")
    rule = RoutingRule(frozenset(map(str, entry.get("types", []))), frozenset(map(str, entry.get("products", []))),
                       frozenset(map(str, entry.get("modules", []))),
                       frozenset(fold(str(o)) for o in entry.get("organisations", [])))
    known = {"types": {t.id for t in config.types}, "products": {p.id for p in config.products},
             "modules": {m.id for p in config.products for m in p.modules},
             "organisations": {fold(o.name) for o in config.organisations}}
    for key, values in (("types", rule.types), ("products", rule.products), ("modules", rule.modules)):
        unknown = sorted(values - known[key])
        if unknown:
            raise TriageConfigError(f"{where}: unknown {key} {unknown} (known: {sorted(known[key])})")
    if not (rule.types or rule.products or rule.modules or rule.organisations):
        raise TriageConfigError(f"{where}: an empty route takes nothing; remove it or name types, products, modules, "
                                "organisations")
    return rule
