"""Search (a requester's /chercher over the knowledge base and their own tickets, agents' search
over every ticket, from chat and the command line) and who the requester is (organisation,
contract, the platform's context; entitlement by contract)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.bootstrap import SupportBot
from bot.messages import ArticleCard, Platform, Sender
from tests.lifecycle.support import console_agent, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket
from tests.triage.support import file_triaged


def test_a_requester_finds_their_ticket_by_a_word_of_its_summary_and_never_someone_elses(
    make_bot: Callable[..., SupportBot],
) -> None:
    bot = make_bot(with_kb=True)
    filing = make_bot()  # filed without suggestions in the way
    alice, bob = ChatDriver(filing.desk, "alice"), ChatDriver(filing.desk, "bob")
    mine = file_ticket(alice, "L'export PDF des factures sort vide")
    theirs = file_ticket(bob, "L'export PDF des devis a disparu")
    searcher = ChatDriver(bot.desk, "alice")
    replies = searcher.say("/chercher export pdf")
    assert replies[0].text.startswith("Vos demandes qui correspondent (1) :")  # type: ignore[union-attr]
    assert mine in searcher.text() and theirs not in searcher.text()
    articles = [r.title for r in replies if isinstance(r, ArticleCard)]
    assert "L'export PDF ne fonctionne pas : fichier vide, non téléchargé ou mal mis en page" in articles
    searcher.say("/chercher FACTURÉ")  # case and accents do not matter, part of a word does
    assert mine in searcher.text()
    searcher.say(f"/chercher {theirs}")  # someone else's reference finds nothing
    assert searcher.text().startswith(f"Aucune de vos demandes ne contient « {theirs} ».")
    assert "Vos demandes qui correspondent" not in searcher.text()
    searcher.say("/chercher pa")
    assert searcher.text() == "Tapez au moins 3 lettres pour chercher."
    searcher.say("/kb factures")  # the knowledge base alone
    assert mine not in searcher.text()


def test_agents_search_every_ticket_by_words_requester_organisation_and_status(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(**triage_files)
    acme = file_triaged(ChatDriver(bot.desk, "alice", name="Alice Martin"), "L'export PDF des factures plante")
    other = file_triaged(ChatDriver(bot.desk, "dan", name="Dan Roux"), "Les factures d'avoir plantent aussi")
    agent = console_agent(bot)
    agent.say("search factures")
    assert agent.text().startswith("Demandes trouvées (2 sur 2) :")
    agent.say("search factures org:acme")
    assert acme in agent.text() and other not in agent.text()
    agent.say("search requester:dan")
    assert other in agent.text() and acme not in agent.text()
    agent.say(f"claim {acme}")
    agent.say("search status:new")
    assert other in agent.text() and acme not in agent.text()
    agent.say("search status:vieux")
    assert agent.text().startswith("Filtre incompris : vieux (new, in_progress")
    agent.say("search factures org:nobody")
    assert agent.text() == "Aucune organisation ne s'appelle « nobody »."
    agent.say("search zz")
    assert "au moins 3 lettres" in agent.text()
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    monkeypatch.setenv("SUPPORTBOT_TRIAGE_FILE", str(triage_files["triage_file"]))
    found = CliRunner().invoke(make_cli(), ["tickets", "search", "facture avoir", "--json"])
    assert found.exit_code == 0, found.output
    assert [t["reference"] for t in json.loads(found.output)] == [other]


def test_the_ticket_carries_the_organisation_and_the_context_the_platform_gave(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(**triage_files)
    slack_user = ChatDriver(bot.desk, "U0CLAIRE1", platform=Platform.SLACK, channel="D0CLAIRE1", name="Claire Petit",
                            locale="fr-FR")
    # What the Slack adapter reads of her profile (users.info): see tests/slack/test_triage.py.
    slack_user.sender = Sender(Platform.SLACK, "U0CLAIRE1", "Claire Petit", "fr-FR", title="Comptable",
                               timezone="Europe/Paris", username="claire", email="claire@acme.fr")
    reference = file_triaged(slack_user, "L'export PDF des factures plante")
    filed = ticket(bot, reference)
    assert filed.requester_context.summary() == "Comptable · Europe/Paris · fr-FR · @claire · claire@acme.fr"
    assert filed.organisation_id is not None  # ACME, by her e-mail's domain
    shown = console_agent(bot)
    shown.say(f"show {reference}")
    assert "Organisation: ACME (contrat premium (TMA))" in shown.text()
    assert "Contexte: Comptable · Europe/Paris · fr-FR · @claire · claire@acme.fr" in shown.text()


def test_only_entitled_contracts_open_tickets_where_the_deployment_wants_it(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(entitled_contracts="standard,premium,partner", telegram_requesters="*", **triage_files)
    stranger = ChatDriver(bot.desk, "700100200", platform=Platform.TELEGRAM)
    stranger.say("Mon export plante")
    assert stranger.text().startswith("Ce service d'assistance est réservé aux clients sous contrat")
    ChatDriver(bot.desk, "alice").say("Mon export plante")  # console:alice is one of ACME's people (premium)
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    added = CliRunner().invoke(make_cli(), ["customers", "add", "Globex", "--contract", "standard"])
    assert added.exit_code == 0, added.output
    code = added.output.split("code ")[1].split()[0]
    stranger.say(f"/start {code}")
    assert stranger.text().startswith("Bienvenue, Globex !")
    stranger.say("Mon export plante toujours")
    assert "(2/8)" in stranger.text()  # the intake goes on: Globex has a contract
    shown = CliRunner().invoke(make_cli(), ["customers", "show", "globex"])
    assert "contract: standard" in shown.output and "telegram:700100200" in shown.output
    CliRunner().invoke(make_cli(), ["customers", "contract", "Globex", "none"])
    ChatDriver(bot.desk, "700100200", platform=Platform.TELEGRAM).say("/annuler")
    stranger.say("Encore un autre souci d'export")
    assert stranger.text().startswith("Ce service d'assistance est réservé")
