"""Triage on Telegram, played as a new user would: a customer's ticket carries its fields and their
Telegram context; an agent requalifies it from the card with button menus in the ticket's topic;
a billing ticket lands in the billing queue's group; thanks on a closed ticket reopen nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fakes.telegram import FakeTelegram
from tests.lifecycle.support import paris
from tests.support.clock import FakeClock
from tests.telegram.conftest import AGENTS_CHAT, Customer, Harness, labels, texts
from tests.telegram.test_agents import AGENT_ID, Agent, deliver
from tests.triage.support import INTAKE, TRIAGE

BILLING_CHAT = -1001000000002


@pytest.fixture
async def desk(fake: FakeTelegram, make_bot: Any, tmp_path: Path) -> Any:
    fake.add_group(BILLING_CHAT, forum=True)
    (tmp_path / "triage.toml").write_text(TRIAGE, "utf-8")
    (tmp_path / "intake.toml").write_text(INTAKE, "utf-8")
    harness = Harness(fake, make_bot, "polling")
    await harness.start(agents=f"telegram:{AGENT_ID}", triage_file=tmp_path / "triage.toml",
                        intake_questions_file=tmp_path / "intake.toml", telegram_requesters="*")
    yield harness
    await harness.stop()


@pytest.fixture
def camille(fake: FakeTelegram) -> Customer:
    customer = Customer(fake)
    customer.user["username"] = "camdupont"
    return customer


async def file(customer: Customer, summary: str, answers: list[str]) -> str:
    await customer.say("/start")
    await customer.say(summary)
    for answer in answers:
        if any(answer in label for m in customer.bot_messages()[-1:] for label in labels(m)):
            await customer.press(answer)
        else:
            await customer.say(answer)
    return texts(await customer.press("Envoyer la demande"))


def card_of(fake: FakeTelegram, chat: int, reference: str) -> dict[str, Any]:
    """The ticket's card (the first message about it in that group), as last edited."""
    card = next(m for m in fake.sent(chat) if m["text"].startswith(f"{reference} — "))
    return fake.messages[(chat, card["message_id"])]


async def test_a_ticket_carries_its_fields_and_an_agent_requalifies_it_with_button_menus(
    desk: Harness, fake: FakeTelegram, camille: Customer,
) -> None:
    filed = await file(camille, "Le planning des salles ne s'affiche plus", [
        "Bug", "HYPERPLANNING", "Application mobile", "2024.4", "Erreur 500", "Je ne peux pas faire ma tâche", "Urgente"])
    assert "SUP-000001" in filed
    await deliver(desk)
    card = card_of(fake, AGENTS_CHAT, "SUP-000001")
    for shown in ("Type : Bug", "Logiciel : HYPERPLANNING", "Module : Application mobile", "Version : 2024.4",
                  "Urgence (demandeur) : Urgente", "Contexte : fr · @camdupont"):
        assert shown in card["text"], shown

    agent = Agent(fake)
    menu = await agent.press(card, "Requalifier")
    assert menu and menu[0]["message_thread_id"] == card["message_thread_id"], "the menu is posted in the ticket's topic"
    assert "Type : Bug" in labels(menu[0])
    values = await agent.press(menu[0], "Type")
    assert labels(values[0]) == ["Aide", "Bug", "Évolution", "Autre"]
    await agent.press(values[0], "Évolution")
    assert "requalifiée par Agnès Support (Type: Bug → Évolution)" in fake.called("answerCallbackQuery")[-1].params["text"]
    await deliver(desk)
    assert "Type : Évolution" in card_of(fake, AGENTS_CHAT, "SUP-000001")["text"]

    # A version that is not listed is typed: the next message in the topic.
    menu = await agent.press(card_of(fake, AGENTS_CHAT, "SUP-000001"), "Requalifier")
    values = await agent.press(menu[0], "Version")
    prompt = await agent.press(values[0], "Autre version")
    assert texts(prompt) == "SUP-000001 — écrivez maintenant : Version (votre prochain message sera utilisé)."
    await agent.write(card["message_thread_id"], "2025.2-beta")
    await deliver(desk)
    assert "Version : 2025.2-beta" in card_of(fake, AGENTS_CHAT, "SUP-000001")["text"]


async def test_a_billing_ticket_lands_in_the_billing_group_closes_itself_and_thanks_reopen_nothing(
    desk: Harness, fake: FakeTelegram, camille: Customer, clock: FakeClock,
) -> None:
    clock.set(paris(17, 10))
    await file(camille, "Les factures de novembre ne partent plus", [
        "Aide", "Facturation", "3.2.1", "Aucun message", "C'est une question d'utilisation", "Faible"])
    await deliver(desk)
    card = card_of(fake, BILLING_CHAT, "SUP-000001")
    assert not [m for m in fake.sent(AGENTS_CHAT) if m["text"].startswith("SUP-000001")]
    await Agent(fake, user_id=900300401, first_name="Béa").press(card, "Résoudre")  # an agent of the billing queue
    await deliver(desk)
    assert desk.bot is not None
    clock.set(paris(24, 10, 1))  # five business days later, no answer
    desk.bot.sla_watch("tg-test").run_once()
    await deliver(desk)
    closing = [m for m in camille.bot_messages() if "nous n'avons pas eu de réponse depuis 5 jours ouvrés" in m["text"]][-1]

    answer = await camille.send(camille.message("Merci beaucoup !", reply_to_message=closing))
    assert texts(answer) == "Avec plaisir ! Votre demande SUP-000001 reste close."
    answer = await camille.say("Merci beaucoup !")  # not a reply to anything: no new request either
    assert texts(answer) == "Avec plaisir ! Pour un nouveau problème, décrivez-le-moi en une phrase."
    answer = await camille.say("/chercher factures")
    assert "SUP-000001 — Clôturée — Les factures de novembre ne partent plus" in texts(answer)
