"""A ticket's life on Slack: the card in the agents' channel, agents' buttons and messages,
the requester's answers in their own thread. The outbox worker delivers through the courier."""

from __future__ import annotations

import pytest

from tests.fakes.slack import Call
from tests.slack.conftest import MakeWorkspace
from tests.slack.test_intake import answer_until_recap
from tests.slack.workspace import (
    AGENTS,
    ALICE,
    BOB,
    SUPPORT,
    Workspace,
    buttons_of,
    text_of,
)
from tests.support.clock import FakeClock

AGENT = "U0AGENT01"


class Desk:
    """The Slack workspace, with the runtime (and its outbox worker) that the runner would start."""

    def __init__(self, slack: Workspace) -> None:
        self.slack = slack

    async def deliver(self) -> None:
        await self.slack.drained()

    async def file_ticket(self) -> tuple[str, Call]:
        """Alice files a ticket in the support channel; returns her thread and the agents' card."""
        slack = self.slack
        mark = slack.mark()
        body = await slack.say("L'export PDF des factures plante à chaque fois")
        thread = body["event"]["ts"]
        (first,) = await slack.next_posts(mark)
        recap = await answer_until_recap(slack, thread, first)
        mark = slack.mark()
        await slack.press(recap, "Envoyer la demande")
        await slack.next_posts(mark)
        await self.deliver()
        (card,) = [c for c in slack.fake.calls[mark:] if c.method == "chat.postMessage" and c.params["channel"] == AGENTS]
        assert "thread_ts" not in card.params  # the card is the root of the ticket's thread
        return thread, card

    async def resolve(self, card: Call, message: str = "") -> None:
        """Press the card's Resolve: a form opens, with an optional message to the requester."""
        slack = self.slack
        mark = slack.mark()
        await slack.press(self.card_now(card), "Résoudre", user=AGENT)
        (opened,) = await slack.fake.wait_for("views.open", since=mark)
        [field] = opened.params["view"]["blocks"]
        assert field["optional"] and "facultatif" in field["label"]["text"]
        mark = slack.mark()
        await slack.submit(opened, {field["label"]["text"]: message} if message else {}, user=AGENT)
        await slack.fake.wait_for("chat.postEphemeral", since=mark)

    def card_now(self, card: Call) -> Call:
        """The card as last posted or edited."""
        edits = [c for c in self.slack.fake.calls_to("chat.update") if c.params["ts"] == card.answer_ts]
        return edits[-1] if edits else card


@pytest.fixture
async def desk(make_workspace: MakeWorkspace, clock: FakeClock) -> Desk:
    slack = await make_workspace(agents=f"slack:{AGENT}")
    return Desk(slack)


@pytest.mark.parametrize("slack_mode", ["socket", "http"])
async def test_a_ticket_from_claim_to_close(desk: Desk) -> None:
    slack = desk.slack
    thread, card = await desk.file_ticket()
    assert "SUP-000001" in text_of(card) and "Prendre en charge" in buttons_of(card)

    # Claim: the card changes through the outbox, the requester is told in her thread.
    mark = slack.mark()
    await slack.press(card, "Prendre en charge", user=AGENT)
    (confirmed,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert confirmed.params["user"] == AGENT and confirmed.params["thread_ts"] == card.answer_ts
    await desk.deliver()
    (done,) = slack.posts(channel=AGENTS, thread=card.answer_ts)
    assert "prise en charge par User U0AGENT01" in text_of(done)
    notice = slack.posts(channel=SUPPORT, thread=thread)[-1]
    assert "prise en charge" in text_of(notice)
    assert "User U0AGENT01" in text_of(desk.card_now(card))  # assignee on the edited card

    # Ask for information: the button opens a form; its text reaches the requester.
    mark = slack.mark()
    await slack.press(desk.card_now(card), "Demander des informations", user=AGENT)
    (opened,) = await slack.fake.wait_for("views.open", since=mark)
    assert opened.params["view"]["blocks"][0]["label"]["text"] == "Question pour le demandeur"
    mark = slack.mark()
    await slack.submit(opened, {"Question pour le demandeur": "Quel navigateur utilisez-vous ?"}, user=AGENT)
    await slack.fake.wait_for("chat.postEphemeral", since=mark)
    await desk.deliver()
    asked = slack.posts(channel=SUPPORT, thread=thread)[-1]
    assert "Quel navigateur utilisez-vous ?" in text_of(asked)

    # The requester answers in her thread; the agents see it in the ticket's thread.
    mark = slack.mark()
    await slack.say("Firefox 128 sur Windows", thread=thread)
    await slack.next_posts(mark)
    await desk.deliver()
    relayed = slack.posts(channel=AGENTS, thread=card.answer_ts)[-1]
    assert "Firefox 128 sur Windows" in text_of(relayed) and "Alice Martin" in text_of(relayed)

    # A plain message in the ticket's thread is an internal note: nothing reaches the requester.
    before = len(slack.posts(channel=SUPPORT))
    mark = slack.mark()
    await slack.say("bug connu, voir JIRA-42", user=AGENT, channel=AGENTS, thread=card.answer_ts)
    (noted,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert "Note interne" in text_of(noted)
    await desk.deliver()
    assert len(slack.posts(channel=SUPPORT)) == before

    # Resolve, then the requester confirms with her button: the ticket is closed.
    await desk.resolve(card)
    await desk.deliver()
    question = slack.posts(channel=SUPPORT, thread=thread)[-1]
    assert "marquée comme résolue" in text_of(question)
    mark = slack.mark()
    await slack.press(question, "Oui, c'est réglé")
    (closed,) = await slack.next_posts(mark)
    assert "clôturée" in text_of(closed)
    (update,) = [c for c in slack.fake.calls[mark:] if c.method == "chat.update" and c.params["ts"] == question.answer_ts]
    assert "✔ Oui, c'est réglé" in text_of(update)
    await desk.deliver()
    assert not buttons_of(desk.card_now(card))  # a closed ticket offers no more actions


async def test_agent_closes_with_the_card_button(desk: Desk) -> None:
    slack = desk.slack
    thread, card = await desk.file_ticket()
    await desk.resolve(card, "Le correctif est en production")
    await desk.deliver()
    assert "Message du support : Le correctif est en production" in text_of(slack.posts(channel=SUPPORT, thread=thread)[-1])
    mark = slack.mark()
    await slack.press(desk.card_now(card), "Clôturer", user=AGENT)
    await slack.fake.wait_for("chat.postEphemeral", since=mark)
    await desk.deliver()
    assert "Clôturée" in text_of(desk.card_now(card))
    assert any("est clôturée" in text_of(p) for p in slack.posts(channel=SUPPORT, thread=thread))


async def test_non_agent_is_refused_privately(desk: Desk) -> None:
    slack = desk.slack
    _, card = await desk.file_ticket()
    mark = slack.mark()
    await slack.press(card, "Prendre en charge", user=BOB)
    (refusal,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert refusal.params["user"] == BOB and refusal.params["channel"] == AGENTS
    assert "Seuls les agents" in text_of(refusal)
    # A later press is the barrier: once its answer is in, the refused one would have shown by now.
    barrier = slack.mark()
    await slack.press(card, "Prendre en charge", user=BOB)
    await slack.fake.wait_for("chat.postEphemeral", since=barrier)
    assert not [c for c in slack.fake.calls[mark:] if c.method in {"chat.postMessage", "chat.update"}]
    await desk.deliver()
    assert "Prendre en charge" in buttons_of(desk.card_now(card))
    assert ALICE  # the requester saw nothing of it
