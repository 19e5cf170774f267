"""Failures that do not go away are said: the agents are told in their place, the requester at
their next message or the next message to them. The real core, outbox worker and database; a
courier at the seam that refuses what a blocked chat refuses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.delivery import Delivery, DeliveryError, DeliveryReceipt, OutboundKind
from bot.lifecycle.delivery_failures import DeliveryFailures
from bot.messages import Platform, TextReply
from bot.outbox import OutboxWorker
from bot.storage.models import OutboxRow, OutboxStatus
from tests.lifecycle.support import console_agent, file_blocking, outbox
from tests.support.chat import ChatDriver


@dataclass
class RefusingCourier:
    """The console as a platform that refuses everything sent to ``refused`` channels for good."""

    refused: set[str]
    platform: Platform = Platform.CONSOLE
    delivered: list[Delivery] = field(default_factory=list)

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        if delivery.destination.channel in self.refused:
            raise DeliveryError("Telegram refused: the person blocked the bot (Forbidden: bot was blocked by the user)",
                                retry=False)
        self.delivered.append(delivery)
        return DeliveryReceipt(f"m{len(self.delivered)}", thread=delivery.destination.thread or f"t{len(self.delivered)}")


async def _deliver(bot: SupportBot, courier: RefusingCourier) -> None:
    worker = OutboxWorker(bot.sessions, {Platform.CONSOLE: courier}, bot.clock, "w1",
                          on_give_up=DeliveryFailures(bot.notifier, bot.catalog, bot.agents_language).gave_up)
    for _ in range(5):  # a round that only failed delivers nothing, yet wrote notices for the next one
        await worker.run_once()


async def test_an_undeliverable_reply_is_said_to_the_agents_and_then_to_the_requester(
    make_bot: Callable[..., SupportBot],
) -> None:
    bot = make_bot()
    reference = file_blocking(bot, "alice")
    courier = RefusingCourier(refused={"alice"})
    await _deliver(bot, courier)
    console_agent(bot).say(f"reply {reference} Videz le cache svp")
    await _deliver(bot, courier)

    with bot.sessions() as session:
        failed = session.scalars(select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED)).all()
        assert failed and {row.kind for row in failed} == {OutboundKind.REQUESTER_NOTICE}
        assert {row.attempts for row in failed} == {1}, "a permanent refusal is not retried"
    told = [row for row in outbox(bot) if row.kind is OutboundKind.DELIVERY_FAILED][-1]
    assert told.channel == "agents" and told.thread is None
    assert f"{reference} : un message pour" in told.text and "the person blocked the bot" in told.text
    assert any(d.kind is OutboundKind.DELIVERY_FAILED for d in courier.delivered)

    chat = ChatDriver(bot.desk, "alice")
    first = chat.say("Bonjour, du nouveau ?")
    assert isinstance(first[0], TextReply)
    assert f"au sujet de votre demande {reference} n'a pas pu vous être remis" in first[0].text
    assert "Où elle en est : En cours" in first[0].text
    again = chat.say("Bonjour ?")
    assert not any("n'a pas pu vous être remis" in r.text for r in again if isinstance(r, TextReply)), "told once"


async def test_the_next_message_to_the_requester_carries_the_notice(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_blocking(bot, "bob")
    courier = RefusingCourier(refused={"bob"})
    console_agent(bot).say(f"reply {reference} Premier essai")
    await _deliver(bot, courier)
    courier.refused.clear()  # the person unblocked the bot
    console_agent(bot).say(f"reply {reference} Second essai")
    await _deliver(bot, courier)
    [second] = [d for d in courier.delivered if d.kind is OutboundKind.REQUESTER_NOTICE]
    texts = [r.text for r in second.replies if isinstance(r, TextReply)]
    assert "n'a pas pu vous être remis" in texts[0] and "Second essai" in "\n".join(texts[1:])


async def test_a_notice_of_failure_that_fails_is_not_reported_again(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_blocking(bot, "carol")
    courier = RefusingCourier(refused={"agents"})  # the agents' place itself refuses everything
    await _deliver(bot, courier)
    with bot.sessions() as session:
        kinds = [row.kind for row in session.scalars(select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED))]
    assert kinds == [OutboundKind.AGENT_CARD, OutboundKind.DELIVERY_FAILED], reference
