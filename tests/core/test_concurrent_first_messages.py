"""Several processes, no races: two first messages at once, each in its own transaction.

Two desks (two engines: two processes' worth of connections) handle two messages released
together by a barrier. Neither may fail, neither may be lost: one requester row, one active
conversation per place, and the second message is a turn of the first one's conversation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from bot.bootstrap import SupportBot
from bot.conversation.stage import ACTIVE_STAGES
from bot.delivery import OutboundKind
from bot.inbox import Inbox
from bot.messages import ConversationKey, InboundMessage, Platform, Reply, Sender, TextReply
from bot.runtime.turns import StoredTurns
from bot.storage.models import ConversationRow, InboundEventRow, InboxStatus, OutboxRow, RequesterRow

RACES = 12


def _at_once(bots: list[SupportBot], messages: list[InboundMessage]) -> list[list[Reply]]:
    barrier = threading.Barrier(len(messages))
    replies: list[list[Reply]] = [[] for _ in messages]
    errors: list[BaseException] = []

    def one(index: int) -> None:
        try:
            barrier.wait()
            replies[index] = bots[index % len(bots)].desk.handle(messages[index])
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(messages))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return replies


def _message(user: str, place: ConversationKey, text: str, event: str) -> InboundMessage:
    return InboundMessage(sender=Sender(Platform.SLACK, user, display_name=user), where=place, text=text, event_id=event)


def _known(bot: SupportBot, user: str) -> None:
    """The person wrote before, elsewhere: their requester row exists, so nothing but the
    conversation's own guard keeps two turns apart."""
    bot.desk.handle(_message(user, ConversationKey(Platform.SLACK, f"D-{user}"), "Bonjour", f"{user}-hello"))


@pytest.mark.parametrize("race", range(RACES))
def test_two_first_messages_of_a_new_person_make_one_requester_and_lose_nothing(
    make_bot: Callable[..., SupportBot], race: int
) -> None:
    bots = [make_bot(), make_bot()]
    user = f"U{race}"
    first = _message(user, ConversationKey(Platform.SLACK, f"D{race}a"), "L'export PDF plante depuis ce matin", "e1")
    second = _message(user, ConversationKey(Platform.SLACK, f"D{race}b"), "Mon compte est bloqué", "e2")
    replies = _at_once(bots, [first, second])
    assert all(replies), "each message is answered"
    with bots[0].sessions() as session:
        assert session.scalar(select(func.count()).select_from(RequesterRow).where(RequesterRow.user_id == user)) == 1
        assert session.scalar(select(func.count()).select_from(ConversationRow)) == 2


@pytest.mark.parametrize("race", range(RACES))
def test_two_first_messages_in_one_new_thread_open_one_conversation_and_both_are_turns_of_it(
    make_bot: Callable[..., SupportBot], race: int
) -> None:
    bots = [make_bot(), make_bot()]
    _known(bots[0], "U1")
    place = ConversationKey(Platform.SLACK, "C-help", f"17000000{race}.0001")
    first = _message("U1", place, "L'export PDF des factures plante depuis ce matin", "e1")
    second = _message("U1", place, "aucun", "e2")
    replies = _at_once(bots, [first, second])
    assert all(replies), "each message is answered"
    with bots[0].sessions() as session:
        conversations = session.scalars(select(ConversationRow).where(ConversationRow.channel == "C-help")).all()
        assert len(conversations) == 1
        (conversation,) = conversations
        assert conversation.stage in ACTIVE_STAGES
        # the loser's text was read as a turn of the winner's conversation, not dropped
        assert len(conversation.answers) + len(conversation.history) >= 1


@pytest.mark.parametrize("race", range(RACES // 2))
def test_through_the_inbox_two_processes_answer_both_first_messages_of_one_thread(
    make_bot: Callable[..., SupportBot], race: int
) -> None:
    """The runtime's path: events stored in the inbox, each turn run by a different process."""
    bots = [make_bot(), make_bot()]
    _known(bots[0], "U1")
    place = ConversationKey(Platform.SLACK, "C-help", f"17100000{race}.0001")
    messages = [_message("U1", place, "L'export PDF des factures plante depuis ce matin", "e1"),
                _message("U1", place, "aucun", "e2")]
    stored = Inbox(bots[0].sessions, bots[0].clock).store(messages)
    turns = [StoredTurns(bot.sessions, bot.desk, bot.outbox, lambda m: TextReply("désolé"), bot.clock, bot.turn_watchers)
             for bot in bots]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one(index: int) -> None:
        try:
            barrier.wait()
            turns[index].run(stored[index].row_id)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with bots[0].sessions() as session:
        statuses = [session.get(InboundEventRow, event.row_id).status for event in stored]  # type: ignore[union-attr]
        assert statuses == [InboxStatus.PROCESSED, InboxStatus.PROCESSED], "no turn failed, no message lost"
        assert session.scalar(select(func.count()).select_from(ConversationRow).where(ConversationRow.channel == "C-help")) == 1
        replies = session.scalars(select(OutboxRow).where(OutboxRow.kind == OutboundKind.TURN_REPLY,
                                                          OutboxRow.channel == "C-help")).all()
        assert len(replies) == 2 and all("désolé" not in str(row.payload) for row in replies)
