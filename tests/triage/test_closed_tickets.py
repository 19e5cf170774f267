"""One subject per ticket: a message on a closed ticket reopens nothing by itself. Thanks are
answered politely; anything else asks "the same problem, or a new one?"; the requester may also
close their own ticket."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.bootstrap import SupportBot
from bot.lifecycle.thanks import is_thanks_only
from bot.messages import Platform
from tests.lifecycle.support import console_agent, events, last_outbox_id, notices, outbox, ticket
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket


def _closed(bot: SupportBot, requester: ChatDriver) -> str:
    reference = file_ticket(requester)
    console_agent(bot).say(f"close {reference}")
    assert ticket(bot, reference).status == "closed"
    return reference


@pytest.fixture
def alice(make_bot: Callable[..., SupportBot]) -> tuple[SupportBot, ChatDriver]:
    bot = make_bot()
    # In a Slack thread: what she writes there is about the ticket filed in it.
    return bot, ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="CSUPPORT", thread="1700000000.000001")


def test_thanks_on_a_closed_ticket_reopen_nothing(alice: tuple[SupportBot, ChatDriver]) -> None:
    bot, chat = alice
    reference = _closed(bot, chat)
    mark = last_outbox_id(bot)
    chat.say("Merci beaucoup !")
    assert chat.text() == f"Avec plaisir ! Votre demande {reference} reste close."
    assert ticket(bot, reference).status == "closed" and ticket(bot, reference).reactivated_count == 0
    assert outbox(bot, after=mark) == []  # nobody is bothered
    assert events(bot, reference)[-1].kind == "status"


def test_a_new_problem_on_a_closed_ticket_becomes_a_new_request(alice: tuple[SupportBot, ChatDriver]) -> None:
    bot, chat = alice
    reference = _closed(bot, chat)
    chat.say("Autre chose : l'imprimante du 2e étage n'imprime plus rien")
    assert [c.label for c in chat.choices()] == [f"Le même problème : rouvrir {reference}",
                                                 "Un autre problème : nouvelle demande"]
    chat.press("Un autre problème")
    assert "D'accord : une nouvelle demande" in chat.text()
    assert "(2/8)" in chat.text()  # the held message is the new request's summary
    assert ticket(bot, reference).status == "closed"
    chat.say("Aucun message")
    chat.press("Depuis aujourd'hui")
    for answer in ("moi", "Des pages imprimées", "Rien ne sort", "Rien"):
        chat.say(answer)
    chat.press("Je ne peux pas faire ma tâche")
    chat.press("Envoyer la demande")
    new = ticket(bot, "SUP-000002")
    assert new.summary == "Autre chose : l'imprimante du 2e étage n'imprime plus rien" and new.linked_ticket_id is None


def test_the_same_problem_reopens_it_with_the_message_and_typed_answers_work_too(
    alice: tuple[SupportBot, ChatDriver], clock: FakeClock,
) -> None:
    bot, chat = alice
    reference = _closed(bot, chat)
    clock.advance(days=3)
    chat.say("Ça recommence depuis ce matin, même erreur")
    chat.say("Et aussi sur le poste de ma collègue")  # added to the held message, the question again
    assert "même problème, ou un nouveau" in chat.text()
    mark = last_outbox_id(bot)
    chat.say("rouvrir")
    assert chat.text() == f"Votre demande {reference} est réactivée ; l'équipe support est prévenue."
    reopened = ticket(bot, reference)
    assert reopened.status == "in_progress" and reopened.reactivated_count == 1
    relayed = [row.text for row in outbox(bot, after=mark) if "💬" in row.text]
    assert relayed == [f"{reference} · 💬 Alice Martin : Ça recommence depuis ce matin, même erreur\n"
                       "Et aussi sur le poste de ma collègue"]


def test_after_the_window_a_message_offers_a_new_linked_request(alice: tuple[SupportBot, ChatDriver], clock: FakeClock) -> None:
    bot, chat = alice
    reference = _closed(bot, chat)
    clock.advance(days=15)
    chat.say("Le problème est revenu")
    assert chat.text().startswith(f"La demande {reference} est clôturée depuis plus de 14 jours")
    assert [c.label for c in chat.choices()] == ["Ouvrir une nouvelle demande liée"]


def test_a_requester_closes_their_own_ticket_and_is_asked_how_satisfied(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk, "bob")
    reference = file_ticket(chat)
    chat.say(f"/statut {reference}")
    assert "Clore la demande (plus rien n'est attendu)" in [c.label for c in chat.choices()]
    chat.say(f"/fermer {reference}")
    assert chat.text().startswith(f"Merci ! Votre demande {reference} est clôturée.")
    assert [c.label for c in chat.choices()] == ["★", "★★", "★★★", "★★★★", "★★★★★"]
    assert ticket(bot, reference).status == "closed"
    assert events(bot, reference)[-1].actor == "requester:console:bob"
    assert "a clos la demande" in outbox(bot)[-1].text
    chat.say(f"/fermer {reference}")
    assert chat.text() == f"Ce n'est pas possible : votre demande {reference} est « Clôturée »."
    assert not [n for n in notices(bot) if "clos" in n.text]  # the requester is not told what they did


@pytest.mark.parametrize(("text", "thanks"), [
    ("Merci beaucoup !", True), ("merci 👍", True), ("👍", True), ("Thanks a lot, have a nice day", True),
    ("Merci pour votre aide, ça marche", True), ("merci, mais ça ne marche toujours pas", False),
    ("Le PDF plante encore", False), ("merci de regarder l'export", False), ("ok", False), ("", False),
])
def test_what_counts_as_thanks_only(text: str, thanks: bool) -> None:
    assert is_thanks_only(text) is thanks
