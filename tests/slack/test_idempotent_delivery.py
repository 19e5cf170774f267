"""What Slack already has is kept: a retry posts under the thread root it knows and updates the
parts an earlier attempt posted, instead of posting them twice. The real courier and slack_sdk
against the fake Web API."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.delivery import Delivery, DeliveryError, DeliveryProgress, OutboundKind
from bot.messages import Choice, Destination, Platform, RecapField, TextReply, TicketCard
from tests.fakes.faults import FaultPlan, FaultRates
from tests.fakes.slack.server import Call
from tests.slack.workspace import AGENTS, Workspace

CARD = TicketCard("SUP-000042", "L'export plante", (RecapField("Statut", "Nouvelle"),),
                  (Choice("T42.claim", "Prendre en charge"),), "new")


async def test_a_card_whose_follow_up_failed_keeps_its_root_and_is_not_posted_again(slack: Workspace) -> None:
    stored: list[DeliveryProgress] = []

    async def record(progress: DeliveryProgress) -> None:
        stored.append(progress)
        slack.fake.fail_next("chat.postMessage", status=200, error="internal_error", retry_after=None)

    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (CARD, TextReply("Pièces jointes : 2")),
                        OutboundKind.AGENT_CARD, open_thread="SUP-000042", record=record)
    with pytest.raises(DeliveryError) as raised:
        await slack.service.courier.deliver(delivery)
    assert raised.value.retry, "an internal error is worth another attempt"
    (card,) = _accepted(slack)
    assert stored == [DeliveryProgress(None, (card.answer_ts,))], "the root is stored the moment it exists"

    kept: list[DeliveryProgress] = []

    async def keep(progress: DeliveryProgress) -> None:
        kept.append(progress)

    receipt = await slack.service.courier.deliver(replace(delivery, done=stored[-1], record=keep))
    posts = _accepted(slack)
    assert [p.params.get("thread_ts") for p in posts] == [None, card.answer_ts], "one card, one follow-up under it"
    assert receipt.thread == card.answer_ts
    assert [u.params["ts"] for u in slack.fake.calls_to("chat.update")] == [card.answer_ts]
    assert kept[-1].message_ids == (card.answer_ts, posts[1].answer_ts)


@pytest.mark.parametrize("code", ["channel_not_found", "is_archived", "not_in_channel", "account_inactive", "invalid_auth"])
async def test_refusals_that_will_not_change_are_permanent(slack: Workspace, code: str) -> None:
    slack.fake.fail_next("chat.postMessage", status=200, error=code, retry_after=None)
    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (TextReply("x"),), OutboundKind.AGENT_THREAD)
    with pytest.raises(DeliveryError) as raised:
        await slack.service.courier.deliver(delivery)
    assert raised.value.retry is False and code in str(raised.value)


def _accepted(slack: Workspace) -> list[Call]:
    return [call for call in slack.posts(channel=AGENTS) if call.answer.get("ok")]


LOST_ANSWERS = FaultPlan(FaultRates(lost_ack=1.0, spared=frozenset(
    {"auth.test", "conversations.history", "conversations.replies", "chat.update"})))


def _carried_out(slack: Workspace) -> list[str]:
    """The ts of every message Slack really posted, answered or not."""
    return [c.answer["ts"] for c in slack.fake.calls if c.method == "chat.postMessage" and c.answer.get("ok")]


@pytest.mark.parametrize("thread", [None, "1715000000.000100"])
async def test_a_post_whose_answer_was_lost_is_found_again_not_posted_twice(
    slack: Workspace, thread: str | None
) -> None:
    """Slack carried out the post, its answer never came back (a 502 or a cut connection): the
    courier finds the message by its metadata at once and posts nothing more."""
    slack.fake.faults = LOST_ANSWERS
    delivery = Delivery(Destination(Platform.SLACK, AGENTS, thread), (TextReply("Votre ticket est résolu"),),
                        OutboundKind.REQUESTER_NOTICE, key="outbox-7")
    receipt = await slack.service.courier.deliver(delivery)
    assert _carried_out(slack) == [receipt.message_id], "posted once"
    (post,) = [c for c in slack.fake.calls if c.method == "chat.postMessage"]
    assert post.params["metadata"]["event_payload"] == {"key": "outbox-7", "part": 0}


async def test_a_retry_of_the_outbox_finds_what_a_lost_attempt_posted(slack: Workspace) -> None:
    """The answer lost, the lookup refused, the second post failing: the outbox tries again later,
    and that attempt finds the first post instead of making a second one."""
    slack.fake.faults = LOST_ANSWERS
    slack.fake.fail_next("conversations.history", status=200, error="ratelimited", retry_after=None)
    slack.fake.fail_next("chat.postMessage", status=503, error="service_unavailable", retry_after=None)
    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (TextReply("Votre ticket est résolu"),),
                        OutboundKind.REQUESTER_NOTICE, key="outbox-9")
    with pytest.raises(DeliveryError) as raised:
        await slack.service.courier.deliver(delivery)
    assert raised.value.retry
    slack.fake.faults = None
    receipt = await slack.service.courier.deliver(replace(delivery, attempts=1))
    assert _carried_out(slack) == [receipt.message_id], "one message in Slack"


async def test_a_first_attempt_never_reads_the_history(slack: Workspace) -> None:
    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (TextReply("x"),), OutboundKind.AGENT_THREAD, key="outbox-8")
    await slack.service.courier.deliver(delivery)
    assert slack.fake.calls_to("conversations.history", "conversations.replies") == []


async def test_the_answer_of_a_turn_is_found_again_on_the_outbox_retry(slack: Workspace) -> None:
    slack.fake.faults = LOST_ANSWERS
    slack.fake.fail_next("conversations.history", status=200, error="ratelimited", retry_after=None)
    slack.fake.fail_next("chat.postMessage", status=503, error="service_unavailable", retry_after=None)
    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (TextReply("(2/8) Question ?"),), OutboundKind.TURN_REPLY,
                        key="outbox-11")
    with pytest.raises(DeliveryError):
        await slack.service.courier.deliver(delivery)
    slack.fake.faults = None
    receipt = await slack.service.courier.deliver(replace(delivery, attempts=1))
    assert _carried_out(slack) == [receipt.message_id], "one message in Slack"
