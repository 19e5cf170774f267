"""Whole dialogues through the real desk and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.messages import RecapCard, TextReply
from bot.storage.models import TicketRow
from tests.support.chat import ChatDriver
from tests.support.intake import FR_ANSWERS, answer_all, file_ticket


def test_a_french_intake_files_one_ticket_with_every_answer(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say("Bonjour")
    assert "(1/8)" in chat.text() and "quel est le problème" in chat.text()
    chat.say("L'export des factures en PDF échoue")
    recap = answer_all(chat)
    assert isinstance(recap[-1], RecapCard)
    assert [f.value for f in recap[-1].fields][:2] == ["L'export des factures en PDF échoue", FR_ANSWERS["error"]]
    reference = file_ticket_from_recap(chat)
    with bot.sessions() as session:
        ticket = session.scalars(select(TicketRow)).one()
    assert ticket.reference == reference
    assert ticket.status == "new" and ticket.priority == "major" and ticket.lang == "fr"
    assert ticket.requester_platform == "console" and ticket.requester_id == "alice"
    assert ticket.requester_name == "Alice Martin"
    assert ticket.answers["since"]["choice"] == "after_update"
    assert ticket.answers["users_affected"]["number"] == 3
    assert ticket.answers["impact"]["choice"] == "task_blocked"
    assert set(ticket.answers) == {q.id for q in bot.script.questions}
    assert "Message d'erreur: " + FR_ANSWERS["error"] in ticket.description


def file_ticket_from_recap(chat: ChatDriver) -> str:
    replies = chat.press("Envoyer la demande")
    assert isinstance(replies[0], TextReply)
    assert "SUP-" in replies[0].text
    return next(w for w in replies[0].text.split() if w.startswith("SUP-"))


def test_a_first_message_that_describes_the_problem_is_the_summary(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk)
    chat.say("Bonjour, l'imprimante du service compta n'imprime plus les bons de livraison")
    assert "(2/8)" in chat.text()
    assert "quel est le problème" not in chat.text()


def test_an_english_user_gets_english_and_can_switch_to_french(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk, "bob", locale="en-GB", name="Bob")
    chat.say("hello")
    assert "what is the problem?" in chat.text()
    chat.say("The invoice export to PDF fails every time")
    assert "exact error message" in chat.text()
    chat.say("/langue fr")
    assert "je continue en français" in chat.text() and "message d'erreur exact" in chat.text()
    chat.say("cancel")
    chat.say("Bonjour")  # a later conversation remembers the choice
    assert "quel est le problème" in chat.text()


def test_back_skip_help_cancel_and_start_over(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk)
    chat.say("Le planning ne se met plus à jour")
    chat.say("Aucun message")
    assert "(3/8)" in chat.text()
    chat.say("retour")
    assert "(2/8)" in chat.text()
    chat.say("/passer")
    assert "ne peut pas être passée" in chat.text() and "(2/8)" in chat.text()
    chat.say("aucun")
    chat.press("Depuis aujourd'hui")
    chat.say("tout le monde")
    chat.press("Passer")
    assert "(6/8)" in chat.text()
    chat.say("aide")
    assert "/tickets" in chat.text() and "(6/8)" in chat.text()
    chat.say("/recommencer")
    assert "(1/8)" in chat.text()
    chat.say("annuler")
    assert "Demande annulée" in chat.text()
    chat.say("retour")
    assert "Aucune demande n'est en cours" in chat.text()


def test_recap_edit_changes_one_answer_and_returns_to_the_recap(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk)
    chat.say("La synchronisation mobile ne fonctionne plus")
    answer_all(chat)
    chat.press("Modifier une réponse")
    chat.press("Utilisateurs concernés")
    assert "Votre réponse actuelle : « 3 personnes »" in chat.text()
    replies = chat.say("40")
    recap = replies[-1]
    assert isinstance(recap, RecapCard)
    assert {f.label: f.value for f in recap.fields}["Utilisateurs concernés"] == "40"
    chat.press("Annuler")
    assert "rien n'a été transmis" in chat.text()


def test_an_answer_that_does_not_parse_says_what_is_expected(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk)
    chat.say("Le module paie affiche des montants faux")
    chat.say("aucun")
    chat.press("Depuis aujourd'hui")
    chat.say("beaucoup de monde")
    assert "J'attends un nombre d'utilisateurs" in chat.text() and "(4/8)" in chat.text()


def test_a_conversation_files_at_most_one_ticket_and_a_new_problem_starts_anew(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    file_ticket(chat)
    assert chat.choices() == []  # the confirmation offers nothing to submit again
    chat.say("Autre souci : le menu Paramètres a disparu de l'écran")
    assert "(2/8)" in chat.text()
    with bot.sessions() as session:
        assert len(session.scalars(select(TicketRow)).all()) == 1


def test_my_tickets_and_status_and_nobody_elses(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    alice.say("/tickets")
    assert reference in alice.text() and "Nouvelle" in alice.text()
    assert "1 ouverte(s), dont 0 en attente de votre réponse ; 0 clôturée(s)" in alice.text()
    alice.say(f"/statut {reference.lower()}")
    assert reference in alice.text() and "3 personnes" in alice.text()
    mallory = ChatDriver(bot.desk, "mallory", name="Mallory")
    mallory.say(f"/status {reference}")
    assert "Je ne trouve aucune de vos demandes" in mallory.text()
    assert "3 personnes" not in mallory.text()
    mallory.say("/tickets")
    assert reference not in mallory.text()
