"""The requester's side of a filed ticket: reopening within the window, a linked request
after it, cancelling, and refusing a resolution."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.messages import Platform
from tests.lifecycle.support import (
    Event,
    console_agent,
    events,
    notices,
    outbox,
    press_notice,
    ticket,
)
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket


def test_within_the_reopen_window_the_same_problem_reactivates_a_closed_ticket(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    # A requester in a platform thread (Slack-like): her follow-ups in that thread go to the ticket.
    alice = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="CSUPPORT", thread="1700000000.000001")
    reference = file_ticket(alice)
    agent = console_agent(bot)
    agent.say(f"close {reference}")
    assert ticket(bot, reference).status == "closed"
    assert [n.text for n in notices(bot)] == [
        f"Votre demande {reference} est clôturée. Si le problème revient dans les 14 jours, écrivez-moi : elle sera réactivée.",
        f"Êtes-vous satisfait du traitement de {reference} ? Donnez une note de 1 à 5."]

    clock.advance(days=13, hours=23)
    alice.say("Le problème est revenu ce matin")  # one subject per ticket: is it the same one?
    assert alice.text() == (f"Votre demande {reference} est close. Votre message concerne-t-il le même problème, "
                            "ou un nouveau ?")
    assert ticket(bot, reference).status == "closed"
    alice.press("Le même problème")
    assert alice.text() == f"Votre demande {reference} est réactivée ; l'équipe support est prévenue."
    reopened = ticket(bot, reference)
    assert reopened.status == "in_progress" and reopened.reactivated_count == 1
    assert events(bot, reference)[-3:] == [
        Event("status", "requester:slack:U1", "closed", "in_progress", "Réouverte par le demandeur"),
        Event("reopened", "requester:slack:U1", None, None, ""),
        Event("requester_message", "requester:slack:U1", None, None, "Le problème est revenu ce matin"),
    ]
    card = next(row.card for row in reversed(outbox(bot)) if row.kind is OutboundKind.CARD_UPDATE)
    assert ("Statut", "En cours (réactivée)") in [(f.label, f.value) for f in card.fields]


def test_after_the_window_the_requester_is_offered_a_new_linked_request(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    old = file_ticket(alice)
    console_agent(bot).say(f"close {old}")
    clock.advance(days=14, minutes=1)

    alice.say(f"/reply {old} Ça recommence")
    assert alice.text() == (f"La demande {old} est clôturée depuis plus de 14 jours : elle ne peut plus être réactivée. "
                            "Ouvrez une nouvelle demande, elle y fera référence.")
    assert ticket(bot, old).status == "closed" and ticket(bot, old).reactivated_count == 0
    assert events(bot, old)[-1].kind == "status"  # nothing recorded: the message was refused

    alice.press("Ouvrir une nouvelle demande liée")
    assert alice.text().startswith("Nouvelle demande, liée à l'ancienne.")
    new = file_ticket(alice, "L'export PDF échoue de nouveau")
    assert new != old and ticket(bot, new).linked_ticket_id == ticket(bot, old).id
    card = outbox(bot)[-1].card
    assert ("Suite de la demande", old) in [(f.label, f.value) for f in card.fields]


def test_the_reopen_window_is_the_configured_one(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    bot = make_bot(reopen_days=3)
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    console_agent(bot).say(f"close {reference}")
    assert "Si le problème revient dans les 3 jours" in notices(bot)[0].text
    clock.advance(days=3, minutes=1)
    alice.say(f"/reply {reference} Ça recommence")
    assert alice.text().startswith(f"La demande {reference} est clôturée depuis plus de 3 jours")
    assert ticket(bot, reference).status == "closed"


def test_a_requester_cancels_a_ticket_or_says_the_fix_does_not_work(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    typed = file_ticket(alice)
    clock.advance(minutes=2)  # a human pace: the per-minute message limit stays out of the way
    pressed = file_ticket(alice, "La synchronisation des contacts est bloquée")
    clock.advance(minutes=2)
    refused = file_ticket(alice, "Le module de paie affiche une erreur 403")
    agent = console_agent(bot)

    alice.say(f"/annuler {typed}")
    assert alice.text() == f"Votre demande {typed} est annulée. Merci de nous avoir prévenus."
    assert ticket(bot, typed).status == "cancelled"
    assert events(bot, typed)[-1] == Event("status", "requester:console:alice", "new", "cancelled", "")
    assert outbox(bot)[-1].text == f"{typed} · 🚫 Alice Martin a annulé sa demande (le problème a disparu)."
    alice.say(f"/annuler {typed}")  # twice: nothing more happens
    assert alice.text() == f"Ce n'est pas possible : votre demande {typed} est « Annulée »."
    agent.say(f"claim {typed}")
    assert agent.text() == f"Impossible : {typed} est « Annulée », on ne peut pas la prendre en charge."
    assert ticket(bot, typed).assignee_id is None

    agent.say(f"claim {pressed}")
    alice.press_id(f"R{ticket(bot, pressed).id}.yes")  # no resolution to confirm yet
    assert alice.text() == f"Ce n'est pas possible : votre demande {pressed} est « En cours de traitement »."
    assert ticket(bot, pressed).status == "in_progress"
    alice.press_id(f"R{ticket(bot, pressed).id}.cancel")
    assert ticket(bot, pressed).status == "cancelled"
    assert events(bot, pressed)[-1] == Event("status", "requester:console:alice", "in_progress", "cancelled", "")

    agent.say(f"resolve {refused} Droits réattribués")
    # A typed text is an internal note, and the agent is told so: only a labelled field reaches the requester.
    assert "gardé en note interne : le demandeur ne le voit pas" in agent.text()
    resolution = notices(bot)[-1]
    assert resolution.text == f"Votre demande {refused} est marquée comme résolue. Le problème est-il réglé ?"
    assert events(bot, refused)[-1].note == "Droits réattribués"
    press_notice(alice, resolution, "Non, ça ne marche toujours pas")
    assert alice.text() == f"D'accord, votre demande {refused} est de nouveau en cours de traitement."
    assert ticket(bot, refused).status == "in_progress"
    assert events(bot, refused)[-1] == Event("status", "requester:console:alice", "resolved", "in_progress", "")
    press_notice(alice, resolution, "Oui, c'est réglé")  # a stale answer to the earlier question
    assert ticket(bot, refused).status == "in_progress"


def test_a_new_problem_long_after_a_score_or_a_question_starts_a_new_request(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    agent = console_agent(bot)
    rated = file_ticket(alice)
    agent.say(f"resolve {rated}")
    press_notice(alice, notices(bot)[-1], "Oui, c'est réglé")
    alice.press("★★★★★")
    clock.advance(days=3)
    alice.say("Mon imprimante n'imprime plus les bons de livraison")
    assert ticket(bot, rated).satisfaction_comment is None
    assert "(2/8)" in alice.text()  # the message is the summary of a new request
    alice.say("annuler")

    clock.advance(minutes=5)
    asked = file_ticket(alice, "Le planning ne s'affiche plus du tout")
    agent.say(f"ask {asked} Quel navigateur ?")
    alice.say(f"/annuler {asked}")
    alice.say("La paie affiche une erreur 403 sur tous les bulletins")
    assert "(2/8)" in alice.text()
    assert [e.kind for e in events(bot, asked)][-1] == "status" and ticket(bot, asked).status == "cancelled"


def test_a_message_in_another_tickets_thread_goes_to_that_ticket_not_to_the_pending_question(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    invoices = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="CSUPPORT", thread="1700000000.000001")
    planning = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="CSUPPORT", thread="1700000000.000002")
    asked = file_ticket(invoices)
    clock.advance(minutes=2)
    other = file_ticket(planning, "Le planning ne s'affiche plus du tout")
    console_agent(bot).say(f"ask {asked} Quel navigateur ?")

    planning.say("Mes collègues ont le même souci avec le planning")
    assert planning.text() == f"Message ajouté à votre demande {other} ; l'équipe support est prévenue."
    assert events(bot, other)[-1].note == "Mes collègues ont le même souci avec le planning"
    assert ticket(bot, asked).status == "waiting_customer"

    invoices.say("Firefox")  # the question still waits for its answer
    assert events(bot, asked)[-2].note == "Firefox" and ticket(bot, asked).status == "in_progress"


def test_the_status_card_offers_to_add_a_message_or_cancel(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    alice.say(f"/statut {reference}")
    alice.press("Ajouter un message")
    assert f"Écrivez votre message pour {reference}" in alice.text()
    alice.say("J'ai trouvé une capture de l'erreur")
    assert f"Message ajouté à votre demande {reference}" in alice.text()
    alice.say(f"/statut {reference}")
    alice.press("Annuler la demande")
    assert ticket(bot, reference).status == "cancelled"
    alice.say(f"/statut {reference}")
    assert alice.choices() == []  # nothing to act on any more
