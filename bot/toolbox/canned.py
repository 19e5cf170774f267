"""Canned responses: one TOML file per response in a folder (``SUPPORTBOT_CANNED_RESPONSES_DIR``,
by default the starter set in ``canned_responses/`` beside this module), each in French and English::

    title = { fr = "Demander une capture d'écran", en = "Ask for a screenshot" }
    fr = \"\"\"Bonjour {name}, pourriez-vous ...\"\"\"
    en = \"\"\"Hello {name}, could you ...\"\"\"

The file's name is the response's id (``screenshot.toml`` is ``screenshot``). Placeholders:
``{name}`` (the requester), ``{reference}`` (the ticket), ``{agent}`` (who sends it); write
``{{`` and ``}}`` for braces. A mistake stops the bot at start, naming the file.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bot.errors import ConfigurationError
from bot.i18n import Language
from bot.intake.questions import Localized
from bot.text import fold

PLACEHOLDERS = frozenset({"name", "reference", "agent"})
ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class CannedConfigError(ConfigurationError):
    """A canned response cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class CannedResponse:
    id: str
    title: Localized
    text: Localized

    def render(self, lang: Language, *, name: str, reference: str, agent: str) -> str:
        return self.text.get(lang).format(name=name, reference=reference, agent=agent)


class CannedResponses:
    def __init__(self, responses: tuple[CannedResponse, ...]) -> None:
        self.responses = responses

    @classmethod
    def load(cls, folder: Path | None) -> CannedResponses:
        """Every ``*.toml`` of ``folder`` (the starter set when ``None``), sorted by id."""
        if folder is None:
            starter = resources.files("bot.toolbox").joinpath("canned_responses")
            files = [(Path(f.name), f.read_text("utf-8")) for f in starter.iterdir() if f.name.endswith(".toml")]
        elif not folder.is_dir():
            raise CannedConfigError(f"SUPPORTBOT_CANNED_RESPONSES_DIR: {folder} is not a folder")
        else:
            files = [(path, path.read_text("utf-8")) for path in folder.glob("*.toml")]
        return cls(tuple(sorted((_response(path, text) for path, text in files), key=lambda r: r.id)))

    def __bool__(self) -> bool:
        return bool(self.responses)

    def get(self, typed: str) -> CannedResponse | None:
        """By id, or by title in either language (without case or accents)."""
        wanted = fold(typed)
        return next((r for r in self.responses if r.id == typed.strip()), None) or next(
            (r for r in self.responses if wanted and wanted in {fold(r.id), fold(r.title.fr), fold(r.title.en)}), None)


def _response(path: Path, text: str) -> CannedResponse:
    where = f"canned response {path.name}"
    if not ID.match(path.stem):
        raise CannedConfigError(f"{where}: the file name is the id: lower-case letters, digits, '-' or '_', 32 at most")
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CannedConfigError(f"{where}: {error}") from error
    title = data.get("title")
    if not (isinstance(title, dict) and title.get("fr") and title.get("en")):
        raise CannedConfigError(f"{where}: needs title = {{ fr = \"...\", en = \"...\" }}")
    if not (isinstance(data.get("fr"), str) and isinstance(data.get("en"), str) and data["fr"].strip() and data["en"].strip()):
        raise CannedConfigError(f"{where}: needs its text in French and English (fr = \"\"\"...\"\"\", en = \"\"\"...\"\"\")")
    for lang in ("fr", "en"):
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(data[lang]) if name is not None}
        except ValueError as error:
            raise CannedConfigError(f"{where}, {lang}: {error} (write {{{{ and }}}} for braces)") from error
        unknown = sorted(used - PLACEHOLDERS)
        if unknown:
            raise CannedConfigError(f"{where}, {lang}: unknown placeholder(s) {unknown}; use {sorted(PLACEHOLDERS)}")
    return CannedResponse(path.stem, Localized(str(title["fr"]), str(title["en"])),
                          Localized(data["fr"].strip(), data["en"].strip()))
