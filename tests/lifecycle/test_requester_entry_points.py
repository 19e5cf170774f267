"""Every requester action reaches the ticket service the same way whether the requester presses
the notice's button (chat) or types (a console, or any client whose buttons are gone since a
restart): the same status, audit trail and lines in the agents' thread. On both databases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.bootstrap import SupportBot
from tests.lifecycle.support import console_agent, events, last_outbox_id, notices, ticket
from tests.lifecycle.test_every_entry_point import Effects, effects
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket


@dataclass(frozen=True)
class Case:
    name: str
    first: tuple[str, ...]  # what the console agent does first ({ref})
    pressed: tuple[str, str]  # the button's action code (R<id>.<code>) and a text to send next ("" for none)
    typed: tuple[str, ...]  # what the requester types instead
    status: str
    answer: str  # the requester's reply, with REF for the reference


CASES = [
    Case("confirm", ("resolve {ref}",), ("yes", ""), ("Oui, c'est réglé",), "closed",
         "Merci ! Votre demande REF est clôturée."),
    Case("still not working", ("resolve {ref}",), ("no", ""), ("non ca ne marche toujours pas",), "in_progress",
         "D'accord, votre demande REF est de nouveau en cours de traitement."),
    Case("cancel", (), ("cancel", ""), ("/annuler {ref}",), "cancelled",
         "Votre demande REF est annulée. Merci de nous avoir prévenus."),
    Case("rate", ("close {ref}",), ("rate.4", ""), ("4",), "closed",
         "Merci pour votre note (4/5) ! Vous pouvez ajouter un commentaire en m'écrivant (facultatif)."),
    Case("rate with stars", ("close {ref}",), ("rate.5", ""), ("★★★★★",), "closed",
         "Merci pour votre note (5/5) ! Vous pouvez ajouter un commentaire en m'écrivant (facultatif)."),
    Case("add a message", (), ("add", "J'ai une capture de l'erreur"), ("/reply {ref} J'ai une capture de l'erreur",),
         "new", "Message ajouté à votre demande REF ; l'équipe support est prévenue."),
    Case("answer a question", ("ask {ref} Quel navigateur ?",), ("", "Firefox 128"), ("Firefox 128",), "in_progress",
         "Message ajouté à votre demande REF ; l'équipe support est prévenue."),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_requester_action_does_the_same_pressed_or_typed(case: Case, make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(messages_per_minute=0, tickets_per_day=0)
    agent = console_agent(bot)
    seen: dict[str, Effects] = {}
    for way in ("pressed", "typed"):
        requester = ChatDriver(bot.desk, f"requester-{way}", name="Camille Durand")
        reference = file_ticket(requester)
        for step in case.first:
            agent.say(step.format(ref=reference))
        after_event, after_row = len(events(bot, reference)), last_outbox_id(bot)
        if way == "pressed":
            code, text = case.pressed
            if code:
                requester.press_id(f"R{ticket(bot, reference).id}.{code}")
            if text:
                requester.say(text)
        else:
            for line in case.typed:
                requester.say(line.format(ref=reference))
        assert requester.last[0].text.replace(reference, "REF") == case.answer  # type: ignore[union-attr]
        seen[way] = effects(bot, reference, after_event, after_row, "Camille Durand")
        assert seen[way].status == case.status
    assert seen["pressed"] == seen["typed"]


def test_a_comment_follows_a_score_however_it_was_given(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(messages_per_minute=0, tickets_per_day=0)
    camille = ChatDriver(bot.desk, "camille")
    reference = file_ticket(camille)
    console_agent(bot).say(f"close {reference}")
    camille.say("3")
    camille.say("Un peu lent, mais efficace")
    assert camille.text() == "Merci, votre commentaire est transmis à l'équipe."
    rated = ticket(bot, reference)
    assert (rated.satisfaction_score, rated.satisfaction_comment) == (3, "Un peu lent, mais efficace")


def test_after_a_restart_the_console_shows_the_open_questions_again(make_bot: Callable[..., SupportBot]) -> None:
    """A terminal that closed after the resolution question arrived gets it again, with its buttons."""
    bot = make_bot()
    camille = ChatDriver(bot.desk, "camille")
    reference = file_ticket(camille)
    console_agent(bot).say(f"resolve {reference}")
    [question] = [n for n in notices(bot) if "résolue" in n.text]

    shown = bot.desk.resume(camille.sender, camille.where)

    assert [(r.text, [c.id for c in r.choices]) for r in shown] == [(question.text, [c.id for c in question.choices])]
