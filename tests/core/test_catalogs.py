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


def test_every_key_built_at_run_time_exists_in_both_languages() -> None:
    """Keys made from a value (a status, an action, a milestone…) are built in bot.i18n.keys: walk
    every value of every family through them."""
    from adapters.telegram.menu import COMMANDS
    from bot.i18n import keys
    from bot.intake.questions import Priority
    from bot.lifecycle.notices import _STATUS_NOTICES
    from bot.lifecycle.ticket_buttons import TEXT_FIELDS, AgentAction
    from bot.sla.policy import SlaMilestone
    from bot.suggestions.outcome import RejectionReason
    from bot.tickets.actions import TicketAction
    from bot.tickets.status import TicketStatus

    built = [keys.status(s) for s in TicketStatus] + [keys.agent_status(s) for s in TicketStatus]
    built += [keys.priority(p) for p in Priority]
    built += [keys.milestone(m) for m in SlaMilestone] + [keys.milestone_due(m) for m in SlaMilestone]
    built += [keys.action(a) for a in TicketAction]
    built += [keys.agent_button(a) for a in AgentAction] + [field.label_key for field in TEXT_FIELDS.values()]
    built += [keys.done(a) for a in keys._DONE] + [keys.done(TicketAction.WAIT_DEVELOPMENT, next_update=True)]
    built += [keys.requester_did(a) for a in keys._REQUESTER_DECISIONS] + list(_STATUS_NOTICES.values())
    built += [f"kb.reason_{r.value}" for r in (RejectionReason.NOT_RELATED, RejectionReason.DID_NOT_ANSWER)]
    built += [f"telegram.menu.{key}" for menu in COMMANDS.values() for _, key in menu]
    from bot.refusals import _MERGE_REFUSALS
    from bot.triage.fields import ContractLevel, RequesterUrgency, TriageField

    built += [keys.urgency(u) for u in RequesterUrgency] + [keys.contract(c) for c in ContractLevel]
    built += [keys.field(f) for f in TriageField] + [keys.language(lang) for lang in Language]
    built += list(_MERGE_REFUSALS.values())
    catalog = Catalog.load()
    for lang in Language:
        missing = sorted(set(built) - catalog.keys(lang))
        assert missing == [], (lang, missing)


def test_every_key_the_code_names_exists() -> None:
    """A key written in the code ("agent.not_found") is in the catalogs: a typo is a failing test,
    not a KeyError in front of a user."""
    import re
    from pathlib import Path

    catalog = Catalog.load()
    sections = {key.split(".")[0] for key in catalog.keys(Language.FR)}
    names = "|".join(sorted(sections))
    literal = re.compile(rf"""["']((?:{names})\.[a-z_]+(?:\.[a-z_]+)?)["']""")
    root = Path(__file__).resolve().parents[2]
    named = {match for folder in ("bot", "adapters") for path in (root / folder).rglob("*.py")
             if "storage" not in path.parts  # "tickets.id" there is a foreign key, not a text
             for match in literal.findall(path.read_text("utf-8"))
             if not match.endswith((".html", ".csv"))}  # a template or a download's name, not a text
    assert len(named) > 150  # the scan sees the code's keys
    assert sorted(named - catalog.keys(Language.FR)) == []
