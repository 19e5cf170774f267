"""Merging a duplicate, agents' queues with routing rules, reassignment between queues, and the
assignee told in a direct message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from tests.lifecycle.support import console_agent, events, last_outbox_id, notices, outbox, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket
from tests.triage.support import file_triaged


def test_a_duplicate_is_merged_its_requester_told_and_its_history_kept(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk, "alice")
    original = file_ticket(alice, "L'export des factures en PDF échoue")
    duplicate = file_ticket(alice, "Toujours impossible d'exporter les factures")
    agent = console_agent(bot)
    mark = last_outbox_id(bot)
    agent.say(f"merge {duplicate} into {original}")
    assert agent.text() == f"{duplicate} : fusionnée dans {original} par Agathe Support."
    merged = ticket(bot, duplicate)
    assert merged.status == "closed" and merged.merged_into_id == ticket(bot, original).id
    assert [n.text for n in notices(bot, after=mark)] == [
        f"Votre demande {duplicate} traitait du même problème que {original} : elles sont réunies. "
        f"Suivez {original} (/statut {original})."]
    kept = [e for e in events(bot, original) if e.kind == "merged"]
    assert len(kept) == 1 and "Toujours impossible d'exporter les factures" in kept[0].note
    assert events(bot, duplicate)[-2].kind == "merged"
    # The duplicate asks nothing more (no satisfaction question), and what she writes about it goes on.
    assert bot.desk.resume(alice.sender, alice.where) == []
    alice.say(f"/repondre {duplicate} Le fichier est toujours vide")
    assert alice.text() == f"Message ajouté à votre demande {original} ; l'équipe support est prévenue."
    agent.say(f"merge {original}")
    assert agent.text() == "Il manque le texte : Référence de la demande dans laquelle fusionner celle-ci."
    agent.say(f"merge {original} into {original}")
    assert agent.text() == f"Impossible de fusionner {original} dans elle-même."
    agent.say(f"merge {original} into {duplicate}")
    assert agent.text() == f"Impossible de fusionner {original} dans {duplicate} : {duplicate} a elle-même été fusionnée."


def test_merging_someone_elses_duplicate_never_shows_them_the_other_reference(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    original = file_ticket(ChatDriver(bot.desk, "alice"), "Le serveur de fichiers est inaccessible")
    bob = ChatDriver(bot.desk, "bob", name="Bob Durand")
    duplicate = file_ticket(bob, "Plus accès au serveur de fichiers")
    mark = last_outbox_id(bot)
    console_agent(bot).say(f"merge {duplicate} {original}")
    [told] = notices(bot, after=mark)
    assert original not in told.text and "rattachée à la demande existante" in told.text
    mark = last_outbox_id(bot)
    bob.say(f"/repondre {duplicate} Toujours en panne chez nous")
    relayed = [row for row in outbox(bot, after=mark) if row.kind is OutboundKind.AGENT_THREAD]
    assert [r.text for r in relayed] == [f"{original} ← {duplicate} · 💬 Bob Durand : Toujours en panne chez nous"]
    assert ticket(bot, original).status == "new"  # alice's ticket is not changed by bob


def test_tickets_are_routed_into_their_queue_and_each_queue_lists_its_own(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(agents="console:agent", **triage_files)
    billing = file_triaged(ChatDriver(bot.desk, "alice"), "L'export PDF des factures plante")
    planning = file_triaged(ChatDriver(bot.desk, "dan"), "Le planning ne s'affiche plus", product="HYPERPLANNING",
                            module="Emploi du temps", version="2025.1")
    cards = {row.card.reference: row.channel for row in outbox(bot) if row.kind is OutboundKind.AGENT_CARD}
    assert cards == {billing: "agents-billing", planning: "agents"}
    bea = ChatDriver(bot.desk, "bea", channel="agents-billing", name="Béa Compta")
    bea.say("list")
    assert billing in bea.text() and planning not in bea.text()
    support = console_agent(bot)
    support.say("list")
    assert planning in support.text() and billing not in support.text()
    bea.say(f"claim {billing}")  # an agent of the billing queue acts on its tickets
    assert ticket(bot, billing).assignee_name == "Béa Compta"


def test_a_ticket_moves_to_another_queue_and_an_assignee_is_told_in_a_direct_message(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(**triage_files)
    reference = file_triaged(ChatDriver(bot.desk, "dan"), "Le planning ne s'affiche plus", product="HYPERPLANNING",
                             module="Emploi du temps", version="2025.1")
    agent = console_agent(bot)
    agent.say(f"queue {reference}")
    assert [c.label for c in agent.choices()] == ["Support", "Facturation"]
    mark = last_outbox_id(bot)
    agent.press("Facturation")
    assert agent.text() == f"{reference} : déplacée par Agathe Support (Support → Facturation)."
    moved = outbox(bot, after=mark)
    assert [(r.kind, r.channel) for r in moved] == [
        (OutboundKind.CARD_UPDATE, "agents"), (OutboundKind.AGENT_THREAD, "agents"),
        (OutboundKind.AGENT_CARD, "agents-billing"), (OutboundKind.AGENT_THREAD, "agents-billing")]
    assert ticket(bot, reference).queue == "billing"
    agent.say(f"queue {reference} facturation")
    assert "rien n'a changé" in agent.text()

    ChatDriver(bot.desk, "bea", channel="agents-billing", name="Béa Compta").say("list")  # Béa has written to the bot
    mark = last_outbox_id(bot)
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    monkeypatch.setenv("SUPPORTBOT_TRIAGE_FILE", str(triage_files["triage_file"]))
    result = CliRunner().invoke(make_cli(), ["tickets", "assign", reference, "console:bea", "--as", "console:agent"])
    assert result.exit_code == 0, result.output
    direct = [r for r in outbox(bot, after=mark) if r.kind is OutboundKind.PRIVATE_MESSAGE]
    assert [(r.channel, r.text) for r in direct] == [
        ("agents-billing", f"📌 Agathe Support vous a confié {reference} : Le planning ne s'affiche plus")]
