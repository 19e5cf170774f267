"""A customer in a private chat, end to end: polling and webhook, text and buttons."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from adapters.telegram.menu import COMMANDS
from bot.conversation.commands import parse_command
from bot.storage.models import ConversationRow
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import Customer, Harness, labels, styled, texts

BOTH_MODES = pytest.mark.parametrize("tg", ["polling", "webhook"], indirect=True)


@BOTH_MODES
async def test_a_full_intake_from_start_to_reference(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    sent = await customer.say("/start")
    assert "(1/8)" in texts(sent)

    sent = await customer.say("le bouton imprimer du module facturation ne répond pas")
    assert len(sent) == 1, "the articles and the next question are one message"
    assert "(2/8)" in sent[-1]["text"] and "📄1. " in sent[-1]["text"]
    assert labels(sent[-1]) == ["📄1 · Lire ici", "📄1 · Cela a résolu mon problème", "📄1 · Pas ça",
                                "Aucun de ceux-là, continuer", "Il n'y a pas de message d'erreur", "Retour"]

    sent = await customer.say("Erreur 500 : impossible de générer le document")
    assert "(3/8)" in sent[-1]["text"]

    question = sent[-1]
    presses, since = len(fake.called("answerCallbackQuery")), fake.mark()
    sent = await customer.press("Depuis aujourd'hui")
    assert "(4/8)" in sent[-1]["text"]
    assert len(fake.called("answerCallbackQuery")) == presses + 1
    counted = [c.method for c in fake.calls[since:] if c.method in {"sendMessage", "editMessageText",
                                                                      "editMessageReplyMarkup"}]
    assert counted == ["editMessageText"], "a button turn costs one message: the question becomes the next"
    [answered] = sent
    assert answered["message_id"] == question["message_id"]
    assert answered["text"].startswith("✔ Depuis aujourd'hui\n\n") and "(4/8)" in answered["text"]
    assert "Tout le monde" in " ".join(labels(answered)), "the next question's keyboard replaces the answered one"

    sent = await customer.press("Tout le monde")
    assert "(5/8)" in sent[-1]["text"]
    sent = await customer.say("un PDF de la facture")
    assert "(6/8)" in sent[-1]["text"]
    sent = await customer.press("Passer")
    assert "(7/8)" in sent[-1]["text"]
    sent = await customer.press("Rien pour l'instant")
    assert "(8/8)" in sent[-1]["text"]
    sent = await customer.press("Je ne peux pas faire ma tâche")

    recap = sent[-1]
    assert "Récapitulatif" in recap["text"]
    assert "Erreur 500 : impossible de générer le document" in recap["text"]
    assert styled(recap, "bold")[:2] == ["Récapitulatif de votre demande", "Résumé"]
    assert labels(recap) == ["Envoyer la demande", "Modifier une réponse", "Annuler"]

    sent = await customer.press("Envoyer la demande")
    assert "SUP-000001" in texts(sent)
    for call in fake.called("sendMessage"):
        assert call.params["parse_mode"] == "HTML"


async def test_the_command_menu_is_registered_in_french_and_english(tg: Harness, fake: FakeTelegram) -> None:
    menus = {c.params.get("language_code"): c.params for c in fake.called("setMyCommands")}
    assert set(menus) == {"fr", "en", None}
    assert [c["command"] for c in menus["fr"]["commands"]] == [
        "start", "nouveau", "demandes", "statut", "chercher", "annuler", "langue", "aide"
    ]
    assert [c["command"] for c in menus["en"]["commands"]] == [
        "start", "new", "tickets", "status", "search", "cancel", "lang", "help"]
    assert menus[None]["commands"] == menus["fr"]["commands"]  # the default language of the deployment
    assert menus["en"]["scope"] == {"type": "all_private_chats"}


def test_every_menu_command_is_one_the_core_understands() -> None:
    for lang, menu in COMMANDS.items():
        for name, _ in menu:
            assert parse_command(f"/{name}") is not None, (lang, name)
            assert parse_command(f"/{name}@support_test_bot") is not None, (lang, name)


async def test_menu_commands_reach_the_core(tg: Harness, customer: Customer) -> None:
    await customer.say("/start")
    sent = await customer.say("/statut SUP-999999")
    assert "SUP-999999" in texts(sent)
    await customer.say("/annuler")
    sent = await customer.say("/nouveau")
    assert "(1/8)" in texts(sent)
    sent = await customer.say("/lang")  # no argument: the other language
    assert texts(sent).startswith("All right, I will continue in English.")


@BOTH_MODES
async def test_an_article_is_offered_and_solves_the_problem(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    await customer.say("/start")
    sent = await customer.say("mon compte est verrouillé après plusieurs tentatives")
    [card] = sent  # the article and the next question: one message
    title = "Compte verrouillé après plusieurs tentatives de connexion échouées"
    assert f"📄1. {title}" in card["text"]
    assert styled(card, "bold")[0] == title
    assert labels(card)[:3] == ["📄1 · Lire ici", "📄1 · Cela a résolu mon problème", "📄1 · Pas ça"]
    others = labels(card)[3:]
    assert others and not any(label.startswith("📄") for label in others)

    solved = card["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    sent = await customer.press_data(solved, card)
    assert "ravi" in texts(sent)
    pressed = fake.messages[(customer.id, card["message_id"])]
    assert labels(pressed) == others, "only the pressed article's buttons are retired"
    assert pressed["text"].endswith("✔ 📄1 · Cela a résolu mon problème")
    assert labels(sent[-1]) == ["Finalement, ça ne marche pas"]
    with tg.bot.sessions() as session:  # type: ignore[union-attr]
        conv = session.scalars(select(ConversationRow)).one()
        assert conv.stage == "solved"


async def test_user_text_is_escaped_not_interpreted(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    await customer.say("/start")
    since = fake.mark()
    await customer.say("le <b>gras</b> & l'export <i>PDF</i> ne marche pas du tout")
    await customer.say("aucun")
    for answer in ["aujourd'hui", "moi", "un export <script>", "rien", "rien", "contourner"]:
        await customer.say(answer)
    recap = customer.last_message()
    assert "le <b>gras</b> & l'export <i>PDF</i> ne marche pas du tout" in recap["text"]
    assert "un export <script>" in recap["text"]
    raw = [c.params["text"] for c in fake.called("sendMessage", since=since)]
    assert any("le &lt;b&gt;gras&lt;/b&gt; &amp; l'export" in text for text in raw)
    assert "gras" not in " ".join(styled(recap, "bold"))


@pytest.mark.parametrize("tg", ["webhook"], indirect=True)
async def test_the_same_update_twice_is_handled_once(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    """Telegram redelivers a webhook update it got no answer for: the core drops the copy."""
    await customer.say("/start")
    update = customer.message("le bouton imprimer du module facturation ne répond pas")
    update["update_id"] = 4242
    first = await customer.send(update)
    assert "(2/8)" in texts(first)
    since = fake.mark()
    await fake.push(update)
    await customer.say("/aide")  # updates are handled in order: once this is answered, so was the copy
    assert fake.webhook_statuses[-2:] == [200, 200]
    assert not any("(3/8)" in m["text"] for m in fake.sent(customer.id, since=since))
    with tg.bot.sessions() as session:  # type: ignore[union-attr]
        conv = session.scalars(select(ConversationRow)).one()
        assert conv.question_id == "error_message"


async def test_a_press_on_an_older_message_retires_it_and_answers_in_a_new_message(
    tg: Harness, fake: FakeTelegram, customer: Customer
) -> None:
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")
    question = (await customer.say("Erreur 500 : impossible de générer le document"))[-1]
    newer = (await customer.say("depuis hier"))[-1]  # answered by text: the next question follows it
    assert newer["message_id"] > question["message_id"]

    since = fake.mark()
    sent = await customer.press_data(question["reply_markup"]["inline_keyboard"][0][0]["callback_data"], question)
    edits = [c.params["message_id"] for c in fake.calls[since:] if c.method == "editMessageText" and not c.failed]
    assert edits == [question["message_id"]], "only the pressed keyboard is retired, nothing newer is rewritten"
    retired = fake.messages[(customer.id, question["message_id"])]
    assert "reply_markup" not in retired and "\n\n✔ " in retired["text"]
    assert sent and all(m["message_id"] > newer["message_id"] for m in sent), "the answer comes as a new message"
