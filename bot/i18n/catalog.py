"""Load the TOML message catalogs and format texts for one language.

Each language is one TOML file beside this module (``fr.toml``, ``en.toml``); nested
tables flatten to dotted keys (``intake.too_long``). A test checks that both catalogs
have exactly the same keys and placeholders.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any


class Language(str, enum.Enum):
    FR = "fr"
    EN = "en"


def normalize_language(value: str | None, default: Language = Language.FR) -> Language:
    """Map a platform locale (``fr_FR``, ``en-US``, ``EN``) to a supported language."""
    if not value:
        return default
    head = value.strip().lower().replace("_", "-").split("-", 1)[0]
    for language in Language:
        if head == language.value:
            return language
    return default


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{dotted}."))
        else:
            flat[dotted] = str(value)
    return flat


class Catalog:
    def __init__(self, texts: Mapping[Language, Mapping[str, str]]) -> None:
        self._texts = {lang: dict(entries) for lang, entries in texts.items()}

    @classmethod
    def load(cls) -> Catalog:
        package = resources.files("bot.i18n")
        texts = {
            lang: _flatten(tomllib.loads(package.joinpath(f"{lang.value}.toml").read_text("utf-8")))
            for lang in Language
        }
        return cls(texts)

    def keys(self, lang: Language) -> set[str]:
        return set(self._texts[lang])

    def text(self, lang: Language, key: str, **params: object) -> str:
        try:
            template = self._texts[lang][key]
        except KeyError as missing:
            raise KeyError(f"message catalog '{lang.value}' has no text '{key}'") from missing
        try:
            return template.format(**params)
        except KeyError as missing:  # a placeholder nobody filled: say which text, not just which name
            raise KeyError(f"message catalog '{lang.value}' text '{key}' needs {missing}") from missing
