"""The adapters' one seam: a turn that fails in the desk is logged and answered with the catalog's
apology, in the person's language, privately for a button; the turn leaves nothing behind."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from sqlalchemy import text

from bot.bootstrap import build
from bot.messages import ConversationKey, InboundMessage, Platform, Sender, TextReply
from bot.observability.turns import TurnRecord
from bot.settings import Settings


async def test_a_failing_turn_is_logged_and_answered_with_an_apology(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture,
) -> None:
    bot = build(make_settings(), with_kb=False)  # a database file of this test's own: it is broken below
    with bot.engine.begin() as connection:  # the desk cannot record any event any more
        connection.execute(text("DROP TABLE inbound_events"))
    where = ConversationKey(Platform.TELEGRAM, "5001")

    with caplog.at_level(logging.ERROR, logger="bot.facade"):
        french = await bot.facade.handle(InboundMessage(Sender(Platform.TELEGRAM, "5001", locale="fr"), where, "Bonjour",
                                                        event_id="update:1"))
        english = await bot.facade.handle(InboundMessage(Sender(Platform.TELEGRAM, "5002", locale="en-GB"), where,
                                                         button_id="7.ok", event_id="update:2"))

    assert french == [TextReply("Désolé, un problème technique m'empêche de traiter votre message (l'incident est "
                                "enregistré). Réessayez dans un instant : rien de ce qui précède n'est perdu.")]
    assert english == [TextReply("Sorry, a technical problem kept me from handling your message (the incident is logged). "
                                 "Try again in a moment: nothing said so far is lost.", ephemeral=True)]
    assert [r.getMessage() for r in caplog.records] == [
        "the desk failed on update:1 from telegram:5001", "the desk failed on update:2 from telegram:5002"]
    assert all(r.exc_info for r in caplog.records)
    bot.close()


class Recorder:
    """A turn observer that keeps what it was told (a stand-in for the metrics)."""

    def __init__(self) -> None:
        self.turns: list[TurnRecord] = []

    def turn_done(self, turn: TurnRecord) -> None:
        self.turns.append(turn)


class Broken:
    def turn_done(self, turn: TurnRecord) -> None:
        raise RuntimeError("the metrics backend is gone")


async def test_every_turn_is_reported_to_the_watchers_and_a_broken_watcher_changes_nothing(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture,
) -> None:
    bot = build(make_settings(), with_kb=False)
    seen, broken = Recorder(), Broken()
    bot.turn_watchers.add(broken)
    bot.turn_watchers.add(seen)
    sender, where = Sender(Platform.TELEGRAM, "5001", locale="fr"), ConversationKey(Platform.TELEGRAM, "5001")
    with caplog.at_level(logging.ERROR, logger="bot.observability.turns"):
        replies = await bot.facade.handle(InboundMessage(sender, where, "Bonjour", event_id="update:1"))
    assert replies and [(t.platform, t.replies, t.failed) for t in seen.turns] == [(Platform.TELEGRAM, len(replies), False)]
    assert seen.turns[0].seconds > 0
    assert [r.getMessage() for r in caplog.records] == [f"turn observer {broken!r} failed"]

    with bot.engine.begin() as connection:
        connection.execute(text("DROP TABLE inbound_events"))
    await bot.facade.handle(InboundMessage(sender, where, "Encore", event_id="update:2"))
    assert [(t.replies, t.failed) for t in seen.turns[1:]] == [(1, True)]  # the apology, counted as a failed turn
    bot.close()
