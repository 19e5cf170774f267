"""Every text exists in French and English, with the same placeholders."""

from __future__ import annotations

import string

from bot.i18n import Catalog, Language
from bot.intake.loader import default_script


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_french_and_english_catalogs_have_the_same_keys_and_placeholders() -> None:
    catalog = Catalog.load()
    assert catalog.keys(Language.FR) == catalog.keys(Language.EN)
    for key in catalog.keys(Language.FR):
        fr = catalog._texts[Language.FR][key]
        en = catalog._texts[Language.EN][key]
        assert _placeholders(fr) == _placeholders(en), key
        assert fr.strip() and en.strip(), key


def test_every_status_and_priority_has_a_text() -> None:
    from bot.intake.questions import Priority
    from bot.tickets.status import TicketStatus

    catalog = Catalog.load()
    for lang in Language:
        for status in TicketStatus:
            assert catalog.text(lang, f"status.{status.value}")
        for priority in Priority:
            assert catalog.text(lang, f"priority.{priority.value}")


def test_default_questions_speak_both_languages() -> None:
    for question in default_script().questions:
        assert question.prompt.fr != question.prompt.en
        for choice in question.choices:
            assert choice.label.fr and choice.label.en
