"""Requalification from chat (the card's menus, typed commands) and the command line: audited, the
SLA targets follow a new priority, the requester is told of it, the card follows; a new ticket
nobody took goes to the queue its new product routes it to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.lifecycle.ticket_buttons import AgentAction, agent_button
from tests.lifecycle.support import console_agent, events, last_outbox_id, notices, outbox, paris, ticket
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.triage.support import file_triaged


def test_an_agent_requalifies_the_priority_from_the_card_and_the_sla_and_card_follow(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any], clock: FakeClock,
) -> None:
    clock.set(paris(17, 10))  # Tuesday 10:00
    bot = make_bot(**triage_files)
    reference = file_triaged(ChatDriver(bot.desk, "dan"), "Le planning ne s'affiche plus", product="HYPERPLANNING",
                             module="Emploi du temps", version="2025.1")
    before = ticket(bot, reference)
    assert before.priority == "major" and before.first_qualification_due_at == paris(19, 10)  # 2 business days
    agent = console_agent(bot)
    card_id = before.id
    menu = agent.press_id(agent_button(card_id, AgentAction.REQUALIFY))
    assert "Requalifier" in agent.text() and "Priorité : majeure (tâche impossible)" in [c.label for c in agent.choices()]
    assert menu[0].ephemeral  # type: ignore[union-attr]
    agent.press("Priorité")
    assert [c.label for c in agent.choices()] == ["basse (question d'utilisation)", "mineure (contournement possible)",
                                                  "majeure (tâche impossible)", "bloquante (logiciel inutilisable)"]
    mark = last_outbox_id(bot)
    agent.press("bloquante")
    assert agent.text() == (f"{reference} : requalifiée par Agathe Support (Priorité: majeure (tâche impossible) → "
                            "bloquante (logiciel inutilisable)).")
    after = ticket(bot, reference)
    assert after.priority == "blocking"
    assert (after.ack_due_at, after.first_qualification_due_at, after.final_qualification_due_at) == (
        paris(17, 14), paris(18, 10), paris(19, 10))  # blocking: 4 h, 1 day, 2 days from filing
    assert events(bot, reference)[-1].kind == "requalified"
    assert [n.text for n in notices(bot, after=mark)] == [
        f"La priorité de votre demande {reference} est maintenant : bloquante (logiciel inutilisable)."]
    card = next(row.card for row in outbox(bot, after=mark) if row.kind is OutboundKind.CARD_UPDATE)
    fields = {f.label: f.value for f in card.fields}
    assert fields["Priorité"] == "bloquante (logiciel inutilisable)"
    assert fields["Prise en compte avant"] == "mardi 17 novembre à 14:00"


def test_typed_commands_requalify_each_field_and_refuse_unknown_values(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(**triage_files)
    reference = file_triaged(ChatDriver(bot.desk, "dan"), "Le planning ne s'affiche plus", product="HYPERPLANNING",
                             module="Emploi du temps", version="2025.1")
    agent = console_agent(bot)
    agent.say(f"claim {reference}")
    for command in ("type évolution", "module application mobile", "version 2024.4", "urgence faible",
                    "organisation acme"):
        agent.say(f"requalify {reference} {command}")
        assert "requalifiée" in agent.text(), (command, agent.text())
    changed = ticket(bot, reference)
    assert (changed.ticket_type, changed.module, changed.version, changed.requester_urgency) == (
        "evolution", "mobile", "2024.4", "low")
    agent.say(f"requalify {reference} type plainte")
    assert agent.text() == "« plainte » n'est pas un(e) Type connu(e). Possibles : help, bug, evolution, other."
    agent.say(f"requalify {reference} type evolution")
    assert agent.text() == f"{reference} a déjà cette valeur (Type) : rien n'a changé."
    agent.say(f"requalify {reference} product facturation")  # the module belonged to HYPERPLANNING
    changed = ticket(bot, reference)
    assert (changed.product, changed.module, changed.queue) == ("billing", None, "support")  # taken: it stays
    agent.say(f"requalify {reference} organisation")
    assert agent.text() == "Il manque le texte : Organisation."
    agent.say(f"requalify {reference} organisation -")
    assert ticket(bot, reference).organisation_id is None
    notes = [e.note for e in events(bot, reference) if e.kind == "requalified"]
    assert notes[0] == "Type: Bug → Évolution" and notes[-1] == "Organisation: ACME → —"
    assert not notices(bot)[1:]  # only a priority change is the requester's business (the first was "taken")


def test_requalifying_a_new_ticket_routes_it_to_the_queue_of_its_new_product(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(**triage_files)
    reference = file_triaged(ChatDriver(bot.desk, "dan"), "Le planning ne s'affiche plus", product="HYPERPLANNING",
                             module="Emploi du temps", version="2025.1")
    assert ticket(bot, reference).queue == "support"
    mark = last_outbox_id(bot)
    console_agent(bot).say(f"requalify {reference} product billing")
    assert ticket(bot, reference).queue == "billing"
    moved = outbox(bot, after=mark)
    assert [(r.kind, r.channel) for r in moved if r.kind is OutboundKind.AGENT_CARD] == [
        (OutboundKind.AGENT_CARD, "agents-billing")]
    assert ("Statut", "déplacée vers la file « Facturation »") in [
        (f.label, f.value) for r in moved if r.kind is OutboundKind.CARD_UPDATE and r.channel == "agents" for f in r.card.fields]


def test_the_command_line_requalifies_several_fields_at_once(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(**triage_files)
    reference = file_triaged(ChatDriver(bot.desk, "alice"), "L'export PDF des factures plante")
    for name, value in (("DATABASE_URL", bot.settings.database_url), ("TRIAGE_FILE", str(triage_files["triage_file"])),
                        ("INTAKE_QUESTIONS_FILE", str(triage_files["intake_questions_file"]))):
        monkeypatch.setenv(f"SUPPORTBOT_{name}", value)
    result = CliRunner().invoke(make_cli(), ["tickets", "requalify", reference, "--type", "aide", "--priority", "minor",
                                             "--version", "3.3"])
    assert result.exit_code == 0, result.output
    assert "Type: Bug → Aide; Priorité: majeure (tâche impossible) → mineure (contournement possible); Version: 3.2.1 → 3.3" \
        in result.output
    changed = ticket(bot, reference)
    assert (changed.ticket_type, changed.priority, changed.version) == ("help", "minor", "3.3")
    refused = CliRunner().invoke(make_cli(), ["tickets", "requalify", reference, "--priority", "immediate"])
    assert refused.exit_code == 1 and "not a known field.priority" in refused.output
    assert ticket(bot, reference).priority == "minor"  # nothing of a refusal is kept
