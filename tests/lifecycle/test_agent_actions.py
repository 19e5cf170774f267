"""Agents' actions that used to go wrong: escalating without a reason, waiting for development,
a reference that does not exist, and a card offering what makes no sense."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from tests.lifecycle.support import console_agent, events, notices, outbox, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket

ESCALATE_FIELD = "Équipe et raison de l'escalade (interne)"


def test_escalate_pressed_without_a_text_asks_for_the_team_and_reason(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    agent = console_agent(bot)
    agent.press_id(f"T{ticket(bot, reference).id}.esc")  # the console's numbered button: no form to ask
    assert agent.text() == f"{reference} — écrivez maintenant : {ESCALATE_FIELD} (votre prochain message sera utilisé)."
    agent.say("Équipe réseau, le proxy bloque l'export")
    escalated = ticket(bot, reference)
    assert (escalated.status, escalated.escalated_to) == ("escalated", "Équipe réseau, le proxy bloque l'export")
    assert notices(bot)[-1].text == f"Votre demande {reference} a été transmise à une équipe spécialisée."
    assert "proxy" not in notices(bot)[-1].text  # the reason is internal


def test_escalate_typed_without_a_reason_says_what_is_missing(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    agent = console_agent(bot)
    agent.say(f"escalate {reference}")
    assert agent.text() == f"Il manque le texte : {ESCALATE_FIELD}."
    assert ticket(bot, reference).status == "new" and [e.kind for e in events(bot, reference)] == ["created"]


def test_waiting_for_development_then_for_the_next_update(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    agent = console_agent(bot)
    agent.say(f"dev {reference}")
    assert agent.text() == f"{reference} : en attente d'un correctif (par Agathe Support)."
    assert notices(bot)[-1].text == f"Votre demande {reference} concerne une anomalie : elle attend un correctif."
    agent.say(f"devnext {reference}")  # already waiting: now with a date for the fix
    assert ticket(bot, reference).fix_in_next_update and ticket(bot, reference).status == "waiting_development"
    assert notices(bot)[-1].text == (f"Votre demande {reference} concerne une anomalie : le correctif est prévu dans "
                                     "la prochaine mise à jour.")
    agent.say(f"resume {reference}")
    assert ticket(bot, reference).status == "in_progress"


def test_a_reference_that_does_not_exist_is_not_found(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    agent = console_agent(bot)
    agent.say("claim SUP-999999")
    assert agent.text() == "Aucune demande ne porte la référence « SUP-999999 »."
    agent.say("show SUP-999999")
    assert agent.text() == "Aucune demande ne porte la référence « SUP-999999 »."


def test_the_card_offers_claim_only_while_nobody_has_the_ticket(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    agent = console_agent(bot)

    def offered() -> list[str]:
        """The buttons of the card as last queued (new, or an update)."""
        card = next(row.card for row in reversed(outbox(bot)) if row.kind in {OutboundKind.AGENT_CARD, OutboundKind.CARD_UPDATE})
        return [c.label for c in card.choices]

    assert offered()[0] == "Prendre en charge"
    agent.say(f"hold {reference}")  # whoever moves it forward has it
    assert ticket(bot, reference).assignee_id == "agent"
    # The lifecycle's actions, then the toolbox (no knowledge base in these tests: no "Envoyer un article").
    assert offered() == ["Reprendre le traitement", "Demander des informations", "Escalader", "Attente développement",
                         "Résoudre", "Clôturer", "Répondre au demandeur", "Réponse type", "Requalifier",
                         "Fusionner (doublon)"]
    agent.say(f"resume {reference}")
    assert "Prendre en charge" not in offered() and "Reprendre le traitement" not in offered()
    agent.say(f"resolve {reference}")
    assert offered() == ["Clôturer", "Rouvrir", "Répondre au demandeur", "Réponse type", "Requalifier"]


def test_closing_from_the_command_line_asks_the_requester_how_satisfied_they_are(
    make_bot: Callable[..., SupportBot], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    console_agent(bot).say("list")
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    result = CliRunner().invoke(make_cli(), ["tickets", "status", reference, "closed", "--note", "doublon de SUP-000000"])
    assert result.exit_code == 0, result.output
    assert [n.text for n in notices(bot)] == [
        f"Votre demande {reference} est clôturée. Si le problème revient dans les 14 jours, écrivez-moi : elle sera réactivée.",
        f"Êtes-vous satisfait du traitement de {reference} ? Donnez une note de 1 à 5."]
    assert [c.label for c in notices(bot)[-1].choices] == ["★" * n for n in range(1, 6)]
    assert events(bot, reference)[-1].note == "doublon de SUP-000000"  # the note stays internal


def test_tickets_list_says_when_it_stops_before_the_end(
    make_bot: Callable[..., SupportBot], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(tickets_per_day=0, messages_per_minute=0)
    references = [file_ticket(ChatDriver(bot.desk, f"user-{n}")) for n in range(3)]
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    listed = CliRunner().invoke(make_cli(), ["tickets", "list", "--limit", "2"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert [line.split()[0] for line in lines[:2]] == references[:0:-1]
    assert lines[2] == "… and 1 older ticket(s) not shown: use --limit 3 to see them all."
    everything = CliRunner().invoke(make_cli(), ["tickets", "list", "--status", "new"])
    assert "not shown" not in everything.output and len(everything.output.splitlines()) == 3
