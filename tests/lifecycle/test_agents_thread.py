"""Agents talk about a ticket in its thread on the agents' platform: plain messages are internal
notes, only an explicit reply reaches the requester; buttons that need a text ask for it."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.messages import Platform, TextReply
from bot.sla.policy import SlaMilestone
from tests.lifecycle.support import (
    RecordingCourier,
    deliver_all,
    events,
    notices,
    outbox,
    ticket,
)
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket

CARD_TS = "1700000000.000100"
SLACK_AGENT = "agent:slack:UAGENT"


def slack_bot(make_bot: Callable[..., SupportBot]) -> SupportBot:
    return make_bot(slack_bot_token="xoxb-test", slack_agents_channel="CAGENTS", agents="slack:UAGENT")


async def file_and_post_card(bot: SupportBot) -> tuple[str, ChatDriver, RecordingCourier]:
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    slack = RecordingCourier(Platform.SLACK, thread_ids=iter([CARD_TS]))
    assert await deliver_all(bot, {Platform.SLACK: slack}) == 1
    [card] = slack.deliveries
    assert card.kind is OutboundKind.AGENT_CARD and card.destination.channel == "CAGENTS"
    return reference, alice, slack


def in_thread(bot: SupportBot, user_id: str = "UAGENT") -> ChatDriver:
    return ChatDriver(bot.desk, user_id, platform=Platform.SLACK, channel="CAGENTS", thread=CARD_TS, name="Agathe")


async def test_a_plain_message_in_the_ticket_thread_is_an_internal_note(make_bot: Callable[..., SupportBot]) -> None:
    bot = slack_bot(make_bot)
    reference, _, slack = await file_and_post_card(bot)
    assert bot.desk.is_known_conversation(in_thread(bot).where)
    agent = in_thread(bot)

    agent.say("Sans doute le cache du proxy, je regarde avec l'équipe réseau")
    assert "Note interne ajoutée" in agent.text() and all(isinstance(r, TextReply) and r.ephemeral for r in agent.last)
    assert events(bot, reference)[-1].kind == "note"
    assert events(bot, reference)[-1].note == "Sans doute le cache du proxy, je regarde avec l'équipe réseau"
    assert events(bot, reference)[-1].actor == SLACK_AGENT
    assert notices(bot) == []
    assert ticket(bot, reference).status == "new"
    # A note is not an acknowledgement: the SLA clock keeps running.
    assert ticket(bot, reference).sla.of(SlaMilestone.ACK).met is None

    agent.say("/reply Pouvez-vous vider le cache et réessayer ?")
    # A reply on a new ticket takes it: the requester hears who has it, then the reply.
    claimed, reply = notices(bot)
    assert claimed.text == f"Votre demande {reference} est prise en charge par Agathe."
    assert reply.channel == "alice" and "Pouvez-vous vider le cache et réessayer ?" in reply.text
    assert [e.kind for e in events(bot, reference)][-3:] == ["reply", "assigned", "status"]
    assert ticket(bot, reference).status == "in_progress"

    # The Reply button with its text (a Slack modal sends both) reaches the requester too.
    agent.press_id(f"T{ticket(bot, reference).id}.reply", "Et avec un autre navigateur ?")
    assert [n.text for n in notices(bot)][-1].startswith(f"Réponse du support sur {reference} :\nEt avec un autre navigateur ?")
    assert len(notices(bot)) == 3

    # Everything for the agents went into the card's thread on Slack.
    await deliver_all(bot, {Platform.SLACK: slack})
    threaded = slack.of_kind(OutboundKind.AGENT_THREAD)
    assert threaded and all(d.destination.thread == CARD_TS for d in threaded)
    assert all(d.edit is not None and d.edit.message_id == CARD_TS for d in slack.of_kind(OutboundKind.CARD_UPDATE))
    assert not any("cache du proxy" in str(d.replies) for d in slack.deliveries)  # a note is not echoed either
    assert all("cache du proxy" not in n.text for n in notices(bot))


async def test_a_button_that_needs_a_text_asks_for_it_and_takes_the_next_message(
    make_bot: Callable[..., SupportBot],
) -> None:
    bot = slack_bot(make_bot)
    reference, _, _ = await file_and_post_card(bot)
    ticket_id = ticket(bot, reference).id
    agent = in_thread(bot)

    agent.press_id(f"T{ticket_id}.ask")
    assert agent.text() == f"{reference} — écrivez maintenant : Question pour le demandeur (votre prochain message sera utilisé)."
    assert ticket(bot, reference).status == "new" and notices(bot) == []

    agent.say("Quelle version du logiciel utilisez-vous ?")
    assert ticket(bot, reference).status == "waiting_customer"
    [notice] = notices(bot)
    assert "Quelle version du logiciel utilisez-vous ?" in notice.text
    assert events(bot, reference)[-1].note == "Quelle version du logiciel utilisez-vous ?"

    # The pending text is used once: the next plain message is a note again.
    agent.say("En attente de sa réponse")
    assert events(bot, reference)[-1].kind == "note"
    assert len(notices(bot)) == 1

    # A bare button whose text never comes is harmless; a slash command cancels the wait.
    agent.press_id(f"T{ticket_id}.reply")
    agent.say("/note rien à signaler")
    assert events(bot, reference)[-1].kind == "note" and events(bot, reference)[-1].note == "rien à signaler"
    agent.say("Je relance demain")  # an internal remark again: the abandoned Reply must not take it
    assert events(bot, reference)[-1].kind == "note" and events(bot, reference)[-1].note == "Je relance demain"
    assert len(notices(bot)) == 1


async def test_agent_commands_with_a_reference_work_outside_the_thread(make_bot: Callable[..., SupportBot]) -> None:
    bot = slack_bot(make_bot)
    reference, _, _ = await file_and_post_card(bot)
    agent = ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS", name="Agathe")
    agent.say("on déjeune à quelle heure ?")  # chatter in the channel, outside any thread: ignored
    assert agent.last == []
    agent.say(f"/claim {reference}")
    assert ticket(bot, reference).status == "in_progress" and ticket(bot, reference).assignee_id == "UAGENT"
    assert outbox(bot)[-1].kind is OutboundKind.AGENT_THREAD


async def test_a_pending_reply_is_abandoned_when_the_agent_writes_in_another_tickets_thread(
    make_bot: Callable[..., SupportBot],
) -> None:
    bot = slack_bot(make_bot)
    first = file_ticket(ChatDriver(bot.desk))
    second = file_ticket(ChatDriver(bot.desk, "bruno", name="Bruno Petit"), "Le planning ne s'affiche plus du tout")
    slack = RecordingCourier(Platform.SLACK, thread_ids=iter(["1700000000.000100", "1700000000.000200"]))
    assert await deliver_all(bot, {Platform.SLACK: slack}) == 2
    first_thread = in_thread(bot)
    second_thread = ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS",
                               thread="1700000000.000200", name="Agathe")

    first_thread.press_id(f"T{ticket(bot, first).id}.reply")
    second_thread.say("Celui-ci ressemble au ticket d'hier")
    assert notices(bot) == []
    assert events(bot, second)[-1].kind == "note" and events(bot, first)[-1].kind == "created"
    first_thread.say("Encore une remarque interne")
    assert events(bot, first)[-1].kind == "note" and notices(bot) == []


async def test_a_reply_button_left_unanswered_never_takes_chatter_elsewhere_or_later(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    """A Reply pressed in a ticket's topic waits for the next message in that topic, for a few
    minutes: chatter in the General topic, or in the topic days later, stays with the agents."""
    bot = make_bot(telegram_bot_token="123:ABC", telegram_agents_chat_id="-1001", agents="telegram:900")
    reference = file_ticket(ChatDriver(bot.desk))
    telegram = RecordingCourier(Platform.TELEGRAM, thread_ids=iter(["77"]))
    assert await deliver_all(bot, {Platform.TELEGRAM: telegram}) == 1
    topic = ChatDriver(bot.desk, "900", platform=Platform.TELEGRAM, channel="-1001", thread="77", name="Agathe")
    general = ChatDriver(bot.desk, "900", platform=Platform.TELEGRAM, channel="-1001", name="Agathe")
    reply = f"T{ticket(bot, reference).id}.reply"

    topic.press_id(reply)
    general.say("Qui prend le café ?")
    assert notices(bot) == [] and general.last == []

    topic.press_id(reply)
    clock.advance(days=20)
    topic.say("Le client n'a jamais rappelé")
    assert notices(bot) == [] and events(bot, reference)[-1].kind == "note"

    topic.press_id(reply)
    clock.advance(minutes=5)
    topic.say("Pouvez-vous réessayer maintenant ?")
    [sent] = notices(bot)[-1:]
    assert "Pouvez-vous réessayer maintenant ?" in sent.text
