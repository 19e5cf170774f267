"""Bad input gets a clear answer, never a crash, and the conversation stays where it was."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import SupportBot
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock


def _at_question_two(make_bot: Callable[..., SupportBot]) -> ChatDriver:
    chat = ChatDriver(make_bot(max_message_chars=4000).desk)
    chat.say("Le tableau de bord reste vide depuis ce matin")
    assert "(2/8)" in chat.text()
    return chat


def test_empty_and_blank_messages(make_bot: Callable[..., SupportBot]) -> None:
    chat = _at_question_two(make_bot)
    for blank in ("", "   ", "\n\t \n"):
        chat.say(blank)
        assert "aucun texte" in chat.text() and "(2/8)" in chat.text()
    fresh = ChatDriver(chat.desk, "someone-else")
    fresh.say("   ")
    assert "Décrivez votre problème" in fresh.text()


def test_a_100_kb_message_is_refused_and_nothing_is_lost(make_bot: Callable[..., SupportBot]) -> None:
    chat = _at_question_two(make_bot)
    chat.say("x" * 100_000)
    assert "100000 caractères" in chat.text() and "4000" in chat.text() and "(2/8)" in chat.text()
    chat.say("Erreur 42")
    chat.say("/statut")
    chat.say("retour")
    assert "(2/8)" in chat.text()


def test_control_characters_are_dropped(make_bot: Callable[..., SupportBot]) -> None:
    from sqlalchemy import select

    from bot.storage.models import ConversationRow

    chat = _at_question_two(make_bot)
    chat.say("Erreur\x00 \x1b[31m500\u202e\u200b\r\nligne 2")
    assert "(3/8)" in chat.text()
    with chat.desk.sessions() as session:
        answers = session.scalars(select(ConversationRow.answers)).one()
    assert answers["error_message"]["text"] == "Erreur [31m500\nligne 2"


UNKNOWN = "Je ne reconnais pas ce bouton ; il a peut-être expiré."
STALE = "Ce bouton appartient à une étape ou une demande précédente : il n'est plus valable."


def test_unknown_and_forged_buttons(make_bot: Callable[..., SupportBot]) -> None:
    """Every forged id gets the answer that fits it, on both databases: never a crash, and the
    question that was asked is asked again where there is one."""
    chat = _at_question_two(make_bot)
    conversation = chat.button("Retour").id.split(".")[0]
    expected = {
        "garbage": UNKNOWN, "1.zz": UNKNOWN, "'; DROP TABLE tickets; --": UNKNOWN,
        f"{conversation}.ks.²": UNKNOWN,  # a Unicode digit: passes str.isdigit(), fails int()
        "9999999999.ok": UNKNOWN,  # beyond PostgreSQL's INTEGER
        "99999.ok": STALE,  # a conversation that is not this one
        f"{conversation}.ks.99999999999": STALE,  # no such article position
        "T9999999999.claim": UNKNOWN,
        "T999.claim": "Seuls les agents du support peuvent utiliser ces boutons. Cette tentative a été enregistrée.",
        "R1.rate.9": "Cette demande n'est pas la vôtre : je ne peux pas l'afficher ni la modifier.",
        "R9999999999.yes": UNKNOWN,
    }
    for forged, lead in expected.items():
        chat.press_id(forged)
        assert chat.text().split("\n")[0] == lead, forged
        if forged[0] not in "TR":
            assert "(2/8)" in chat.text(), forged
    chat.say("Erreur 403")
    assert "(3/8)" in chat.text()


def test_a_button_from_an_old_conversation(make_bot: Callable[..., SupportBot]) -> None:
    chat = _at_question_two(make_bot)
    old_button = chat.button("Il n'y a pas de message d'erreur").id
    chat.say("annuler")
    chat.say("Le module achats refuse de valider les bons de commande")
    chat.press_id(old_button)
    assert "plus valable" in chat.text() and "(2/8)" in chat.text()
    chat.say("Erreur de validation")
    assert "(3/8)" in chat.text()


def test_someone_else_cannot_answer_in_my_thread(make_bot: Callable[..., SupportBot]) -> None:
    from bot.messages import Platform

    bot = make_bot()
    alice = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="C1", thread="111.1")
    alice.say("Le module agenda n'affiche plus les rendez-vous")
    bob = ChatDriver(bot.desk, "U2", platform=Platform.SLACK, channel="C1", thread="111.1", name="Bob")
    bob.say("moi aussi")
    assert "appartient à une autre personne" in bob.text()
    alice.say("Erreur 404")
    assert "(3/8)" in alice.text()


def test_a_file_alone_starts_a_request_and_files_are_kept_on_the_ticket(make_bot: Callable[..., SupportBot]) -> None:
    from sqlalchemy import select

    from bot.messages import Attachment
    from bot.storage.models import TicketRow
    from tests.support.intake import answer_all

    bot = make_bot(max_attachments=2)
    chat = ChatDriver(bot.desk)
    shot = Attachment("erreur.png", "image/png", 48_213, None, "file-1")
    chat.say("", attachments=[shot])
    assert "Pièce jointe ajoutée à votre demande : erreur.png" in chat.text() and "(1/8)" in chat.text()
    chat.say("La facture 2026-118 ne s'imprime pas")
    chat.say("", attachments=[Attachment("log.txt", "text/plain", 120), Attachment("trop.pdf")])
    assert "log.txt" in chat.text() and "Au-delà de 2 pièces jointes" in chat.text()
    answer_all(chat)
    chat.press("Envoyer la demande")
    with bot.sessions() as session:
        ticket = session.scalars(select(TicketRow)).one()
    assert [a["name"] for a in ticket.attachments] == ["erreur.png", "log.txt"]
    assert ticket.attachments[0]["size"] == 48_213 and "erreur.png" in ticket.description


def test_a_flood_of_messages_gets_a_polite_pause_and_nothing_is_lost(
    make_bot: Callable[..., SupportBot], clock: FakeClock
) -> None:
    chat = ChatDriver(make_bot(messages_per_minute=5).desk)
    chat.say("Le module planning affiche des créneaux en double")
    for _ in range(4):
        chat.say("/aide")
    assert "(2/8)" in chat.text()
    chat.say("Erreur de doublon")
    assert "patientez une minute" in chat.text()
    clock.advance(minutes=1, seconds=1)
    chat.say("Erreur de doublon")
    assert "(3/8)" in chat.text()  # the conversation waited where it was
