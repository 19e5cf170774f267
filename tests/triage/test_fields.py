"""Typed triage fields: asked by the intake when the deployment configures them (choices from the
triage file), stored as columns, shown on the cards, filterable and exported; the default intake
asks none of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.messages import RecapCard
from bot.tickets.export import ticket_as_dict
from bot.tickets.repository import TicketRepository
from tests.lifecycle.support import outbox, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket
from tests.triage.support import file_triaged


def test_a_ticket_is_filed_with_each_field_and_its_card_shows_them(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(**triage_files)
    alice = ChatDriver(bot.desk, "alice")
    reference = file_triaged(alice, "L'export PDF des factures plante", product="HYPERPLANNING", module="Emploi du temps",
                             version="2025.1")
    filed = ticket(bot, reference)
    assert (filed.ticket_type, filed.product, filed.module, filed.version, filed.requester_urgency) == (
        "bug", "planning", "timetable", "2025.1", "high")
    assert filed.priority == "major" and filed.queue == "support"
    card = next(row.card for row in outbox(bot) if row.kind is OutboundKind.AGENT_CARD)
    fields = {f.label: f.value for f in card.fields}
    assert {k: fields[k] for k in ("Type", "Logiciel", "Module", "Version", "Urgence (demandeur)", "Organisation")} == {
        "Type": "Bug", "Logiciel": "HYPERPLANNING", "Module": "Emploi du temps", "Version": "2025.1",
        "Urgence (demandeur)": "Haute", "Organisation": "ACME (contrat premium (TMA))"}
    assert "Type de demande" not in fields  # the column is shown, not the intake's answer that filled it


def test_modules_and_versions_follow_the_product_and_a_product_without_modules_skips_the_question(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(**triage_files)
    chat = ChatDriver(bot.desk, "bob")
    chat.say("Le portail client refuse ma connexion")
    chat.press("Aide")
    products = [c.label for c in chat.choices()]
    assert products[:3] == ["HYPERPLANNING", "Facturation", "Portail client"]
    chat.press("HYPERPLANNING")
    assert [c.label for c in chat.choices()][:2] == ["Emploi du temps", "Application mobile"]
    chat.press("Application mobile")
    assert [c.label for c in chat.choices()][:2] == ["2025.1", "2024.4"]
    chat.press("Retour")
    chat.press("Retour")
    chat.press("Portail client")  # no modules, no versions of its own
    assert "Quelle version" in chat.text() and "module" not in chat.text()
    chat.say("v7")
    chat.say("Il n'y a pas de message d'erreur")
    chat.press("C'est une question d'utilisation")
    recap = chat.press("Normale")
    assert isinstance(recap[0], RecapCard)
    labels = [f.label for f in recap[0].fields]
    assert "Module / thème" not in labels  # it did not apply
    assert recap[0].fields[-1].value == "Une demande = un ticket. Pour un autre problème, faites une autre demande."
    chat.press("Envoyer la demande")
    filed = exported(bot, "SUP-000001")
    assert (filed["product"], filed["module"], filed["version"], filed["type"]) == ("portal", None, "v7", "help")


def test_a_single_module_is_chosen_by_itself_and_another_product_asks_the_module_again(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(**triage_files)
    chat = ChatDriver(bot.desk, "carol")
    chat.say("Les prélèvements ne partent plus")
    chat.press("Bug")
    chat.press("Facturation")  # its only module needs no question
    assert "Quelle version" in chat.text()
    chat.say("2024.4")
    chat.say("Aucun")
    chat.press("Je ne peux pas faire ma tâche")
    recap = chat.press("Urgente")
    assert isinstance(recap[0], RecapCard)
    assert ("Module / thème", "Factures") in [(f.label, f.value) for f in recap[0].fields]
    chat.press("Modifier une réponse")
    chat.press("Logiciel concerné")
    chat.press("HYPERPLANNING")  # back to the recap: the module belonged to Facturation
    chat.press("Envoyer la demande")
    assert "Quel module" in chat.text() and [c.label for c in chat.choices()][:2] == ["Emploi du temps", "Application mobile"]
    chat.press("Application mobile")
    chat.press("Envoyer la demande")
    filed = ticket(bot, "SUP-000001")
    assert (filed.product, filed.module, filed.queue) == ("planning", "mobile", "support")


def test_the_default_intake_asks_none_of_the_triage_questions(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    reference = file_ticket(chat)
    filed = ticket(bot, reference)
    assert (filed.ticket_type, filed.product, filed.module, filed.version, filed.requester_urgency) == (None,) * 5
    card = next(row.card for row in outbox(bot) if row.kind is OutboundKind.AGENT_CARD)
    assert ("Type", "à qualifier") in [(f.label, f.value) for f in card.fields]


def test_tickets_list_filters_by_field_and_exports_them_in_json(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(**triage_files)
    file_triaged(ChatDriver(bot.desk, "alice"), "L'export PDF des factures plante")
    file_triaged(ChatDriver(bot.desk, "dan"), "Le planning ne s'affiche plus", product="HYPERPLANNING",
                 module="Emploi du temps", version="2024.4", ticket_type="Aide")
    for name, value in (("DATABASE_URL", bot.settings.database_url), ("TRIAGE_FILE", str(triage_files["triage_file"])),
                        ("INTAKE_QUESTIONS_FILE", str(triage_files["intake_questions_file"]))):
        monkeypatch.setenv(f"SUPPORTBOT_{name}", value)

    def listed(*args: str) -> list[dict[str, Any]]:
        result = CliRunner().invoke(make_cli(), ["tickets", "list", "--json", *args])
        assert result.exit_code == 0, result.output
        return list(json.loads(result.output))

    assert [t["reference"] for t in listed("--type", "bug")] == ["SUP-000001"]
    assert [t["reference"] for t in listed("--product", "planning", "--version", "2024.4")] == ["SUP-000002"]
    assert [t["reference"] for t in listed("--queue", "billing")] == ["SUP-000001"]
    assert [t["reference"] for t in listed("--queue", "support")] == ["SUP-000002"]
    assert [t["reference"] for t in listed("--organisation", "acme")] == ["SUP-000001"]
    assert [t["reference"] for t in listed("--urgency", "high")] == ["SUP-000002", "SUP-000001"]
    [exported] = listed("--module", "invoices")
    assert {k: exported[k] for k in ("type", "product", "module", "version", "requester_urgency", "queue")} == {
        "type": "bug", "product": "billing", "module": "invoices", "version": "3.2.1", "requester_urgency": "high",
        "queue": "billing"}
    assert exported["organisation"] == {"name": "ACME", "contract": "premium"}
    unknown = CliRunner().invoke(make_cli(), ["tickets", "list", "--organisation", "Nobody"])
    assert unknown.exit_code == 1 and "No organisation" in unknown.output


def exported(bot: SupportBot, reference: str) -> dict[str, Any]:
    """A ticket as the command line exports it (``--json``)."""
    with bot.sessions() as session:
        found = TicketRepository(session).by_reference(reference, lock=False)
        assert found is not None
        return ticket_as_dict(found)
