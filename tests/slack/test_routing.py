"""Which Slack messages start or continue a conversation, and which ones the bot leaves alone."""

from __future__ import annotations

import pytest

from tests.fakes.slack import BOT_ID, BOT_USER_ID
from tests.slack.workspace import (
    ALICE,
    BOB,
    GENERAL,
    SUPPORT,
    Workspace,
    buttons_of,
    fixture,
    new_ts,
    text_of,
)


async def test_a_dm_is_one_conversation_without_thread(slack: Workspace) -> None:
    mark = slack.mark()
    await slack.say("L'export PDF des factures plante", channel="D0ALICE01")
    (reply,) = await slack.next_posts(mark)
    assert reply.params["channel"] == "D0ALICE01" and "thread_ts" not in reply.params
    mark = slack.mark()
    await slack.say("Erreur 500 à l'export", channel="D0ALICE01")
    (reply,) = await slack.next_posts(mark)
    assert "(3/8)" in text_of(reply)
    mark = slack.mark()
    await slack.press(reply, buttons_of(reply)[0])
    (reply,) = await slack.next_posts(mark)
    assert reply.params["channel"] == "D0ALICE01" and "(4/8)" in text_of(reply)


async def test_a_mention_elsewhere_starts_a_conversation_in_its_thread(slack: Workspace) -> None:
    mark = slack.mark()
    body = fixture("app_mention")
    ts = new_ts()
    body["event"].update({"ts": ts, "event_ts": ts})
    body["event_id"] = "EvMention0001"
    # Slack sends both: the message event (ignored: not the support channel) and app_mention.
    await slack.say(body["event"]["text"], channel=GENERAL, ts=ts, event_ts=ts)
    await slack.send("events_api", body)
    (reply,) = await slack.next_posts(mark)
    assert reply.params["channel"] == GENERAL and reply.params["thread_ts"] == ts
    assert "Merci, c'est noté" in text_of(reply) and "UBOT0001" not in text_of(reply)
    # The next message in that thread is the conversation's, through the message event.
    mark = slack.mark()
    await slack.say("Erreur 500 à l'export", channel=GENERAL, thread=ts)
    (reply,) = await slack.next_posts(mark)
    assert reply.params["thread_ts"] == ts and "(3/8)" in text_of(reply)
    await slack.barrier(ts, channel=GENERAL)  # a later message in the thread: nothing came twice before its answer
    assert len(slack.posts(channel=GENERAL)) == 3


@pytest.mark.parametrize("slack_mode", ["socket", "http"])
async def test_slash_command_answers_in_a_dm(slack: Workspace) -> None:
    mark = slack.mark()
    await slack.command("mon mot de passe a expiré ce matin")
    (opened,) = await slack.fake.wait_for("conversations.open", since=mark)
    assert opened.params["users"] == ALICE
    (reply,) = await slack.next_posts(mark)
    assert reply.params["channel"] == "D0ALICE01" and "thread_ts" not in reply.params
    assert "Merci, c'est noté" in text_of(reply)


async def test_slash_command_stands_for_typed_commands(slack: Workspace) -> None:
    mark = slack.mark()
    await slack.command("aide")
    (reply,) = await slack.next_posts(mark)
    assert "retour" in text_of(reply)


async def test_replies_in_a_thread_that_is_not_the_bots_are_ignored(slack: Workspace) -> None:
    mark = slack.mark()
    await slack.say("quelqu'un sait où est la cafetière ?", channel=SUPPORT, thread="1715000000.999999")
    await slack.say("bonne question", channel=GENERAL)
    await slack.say("au fait", channel=GENERAL, thread="1715000000.888888")
    await slack.say("L'export PDF des factures plante", channel=SUPPORT)  # the barrier: one the bot answers
    (answered,) = await slack.next_posts(mark)
    assert "Merci, c'est noté" in text_of(answered)
    assert [c.method for c in slack.fake.calls[mark:] if c.method.startswith("chat.")] == ["chat.postMessage"]


async def test_own_messages_other_bots_and_edits_are_ignored(slack: Workspace) -> None:
    own = slack.message_body("Récapitulatif de votre demande", user=BOT_USER_ID, bot_id=BOT_ID)
    await slack.send("events_api", own)
    await slack.send("events_api", fixture("bot_message"))
    await slack.send("events_api", fixture("message_changed"))
    deleted = slack.message_body("", subtype="message_deleted")
    await slack.send("events_api", deleted)
    mark = slack.mark()
    await slack.say("L'export PDF des factures plante")  # the barrier: one the bot answers
    (answered,) = await slack.next_posts(mark)
    assert "Merci, c'est noté" in text_of(answered)
    assert len(slack.fake.calls_to("chat.postMessage")) == 1 and not slack.fake.calls_to("chat.postEphemeral")
    assert [c.params["user"] for c in slack.fake.calls_to("users.info")] == [ALICE]


async def test_someone_elses_thread_message_reaches_the_desk_as_theirs(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante")
    await slack.next_posts(mark)
    mark = slack.mark()
    await slack.say("moi aussi !", user=BOB, thread=body["event"]["ts"])
    (reply,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert reply.params["user"] == BOB  # only Bob sees why his message is not taken
    assert "appartient à une autre personne" in text_of(reply)
    assert not [c for c in slack.fake.calls[mark:] if c.method == "chat.postMessage"]


async def test_user_names_and_languages_are_cached(slack: Workspace) -> None:
    mark = slack.mark()
    await slack.say("My PDF export crashes every time", user=BOB, channel="D0BOB0001")
    (reply,) = await slack.next_posts(mark)
    assert "Thanks, I have noted that" in text_of(reply)  # Bob's Slack locale is en-US
    mark = slack.mark()
    await slack.say("Error 500", user=BOB, channel="D0BOB0001")
    await slack.next_posts(mark)
    assert len(slack.fake.calls_to("users.info")) == 1
