"""What people may not do: press agents' buttons without being an agent, or see and change
someone else's ticket. Refusals change nothing and forged agent actions are logged."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.bootstrap import SupportBot
from bot.messages import TextReply
from tests.lifecycle.support import (
    console_agent,
    events,
    last_outbox_id,
    outbox,
    ticket,
)
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket

NOT_AN_AGENT = "Seuls les agents du support peuvent utiliser ces boutons. Cette tentative a été enregistrée."


def test_a_forged_agent_button_is_refused_logged_and_changes_nothing(
    make_bot: Callable[..., SupportBot], caplog: pytest.LogCaptureFixture,
) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    before = ticket(bot, reference)
    trail, queued = events(bot, reference), last_outbox_id(bot)
    close = f"T{before.id}.close"

    intruder = ChatDriver(bot.desk, "mallory", channel="agents", name="Mallory")  # in the agents' channel
    with caplog.at_level(logging.WARNING, logger="bot.lifecycle"):
        intruder.press_id(close)
        assert intruder.last == [TextReply(NOT_AN_AGENT, ephemeral=True)]
        alice.press_id(close)  # the requester, from her own chat
        assert alice.last == [TextReply(NOT_AN_AGENT, ephemeral=True)]
        intruder.say(f"close {reference}")  # typed commands from a non-agent are ignored
        assert intruder.last == []

    refusals = [r for r in caplog.records if r.levelno == logging.WARNING and close in r.getMessage()]
    assert [r.getMessage() for r in refusals] == [
        f"refused agent button {close} to console:mallory (Mallory)",
        f"refused agent button {close} to console:alice (Alice Martin)",
    ]
    after = ticket(bot, reference)
    assert (after.status, after.assignee_id, after.closed_at) == ("new", None, None)
    assert events(bot, reference) == trail and outbox(bot, after=queued) == []


def test_a_requester_cannot_see_or_change_someone_elses_ticket(
    make_bot: Callable[..., SupportBot], caplog: pytest.LogCaptureFixture,
) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    ticket_id = ticket(bot, reference).id
    console_agent(bot).say(f"resolve {reference}")
    trail, queued = events(bot, reference), last_outbox_id(bot)
    bob = ChatDriver(bot.desk, "bob", name="Bob")
    not_found = f"Je ne trouve aucune de vos demandes avec la référence « {reference} »."

    bob.say(f"/statut {reference}")
    assert bob.text() == not_found  # exactly like a reference that does not exist
    bob.say(f"/reply {reference} c'est réparé chez moi")
    assert bob.text().startswith(not_found.removesuffix(" »."))
    bob.say(f"/annuler {reference}")
    assert bob.text() == not_found
    with caplog.at_level(logging.WARNING, logger="bot.lifecycle"):
        for button in (f"R{ticket_id}.yes", f"R{ticket_id}.cancel", f"R{ticket_id}.rate.1", f"R{ticket_id}.add",
                       f"R{ticket_id}.relink"):
            bob.press_id(button)
            assert bob.last == [TextReply("Cette demande n'est pas la vôtre : je ne peux pas l'afficher ni la modifier.",
                                          ephemeral=True)], button
    assert len([r for r in caplog.records if "refused requester button" in r.getMessage()]) == 5
    bob.say("Ma saisie de temps ne s'enregistre plus")  # and Bob's own request is his, unlinked
    assert "SUP-" not in bob.text()

    assert ticket(bot, reference).status == "resolved"
    assert events(bot, reference) == trail and outbox(bot, after=queued) == []
