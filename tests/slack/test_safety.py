"""Retries, signatures, rate limits, pings and files: what real Slack throws at the adapter."""

from __future__ import annotations

import pytest

from tests.slack.conftest import MakeWorkspace
from tests.slack.test_intake import answer_until_recap
from tests.slack.workspace import ALICE, SUPPORT, Workspace, fixture, text_of


@pytest.mark.parametrize("slack_mode", ["socket", "http"])
async def test_a_retried_event_gets_one_answer(slack: Workspace) -> None:
    mark = slack.mark()
    body = slack.message_body("L'export PDF des factures plante")
    await slack.send("events_api", body)
    await slack.send("events_api", body, retry_num=1)
    await slack.send("events_api", body, retry_num=2)
    await slack.next_posts(mark)
    await slack.barrier(body["event"]["ts"])  # a later message in the thread: its answer comes after any duplicate
    assert len(slack.posts()) == 2


@pytest.mark.parametrize("slack_mode", ["http"])
async def test_a_wrongly_signed_request_is_refused(slack: Workspace) -> None:
    status = await slack.send("events_api", slack.message_body("L'export PDF plante"), secret="not-the-secret")
    assert status == 401
    mark = slack.mark()
    await slack.say("La synchronisation des contacts est bloquée")  # signed: the barrier
    (answered,) = await slack.next_posts(mark)
    assert slack.fake.calls_to("chat.postMessage") == [answered]


async def test_a_rate_limited_reply_is_sent_after_retry_after(slack: Workspace) -> None:
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=0)
    mark = slack.mark()
    await slack.say("L'export PDF des factures plante")
    (reply,) = await slack.next_posts(mark)
    refused = [c for c in slack.fake.calls if c.method == "chat.postMessage" and c.status == 429]
    assert len(refused) == 1 and refused[0].params["text"] == reply.params["text"]


async def test_pings_and_links_in_user_text_are_neutralised(slack: Workspace) -> None:
    mark = slack.mark()
    summary = "<!channel> <!here> <@U0BOSS001> @everyone <http://evil.example|cliquez> *tout* plante"
    body = await slack.say(summary)
    (first,) = await slack.next_posts(mark)
    recap = await answer_until_recap(slack, body["event"]["ts"], first)
    shown = text_of(recap)
    for ping in ("<!channel>", "<!here>", "<@U0BOSS001>", "<http://evil", "@everyone"):
        assert ping not in shown
    assert "@\u200deveryone" in shown and "@\u200dchannel" in shown and "@\u200dhere" in shown
    assert "cliquez (http://evil.example)" in shown  # shown as text, not as a link


async def test_oversized_files_are_refused_with_a_notice(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante")
    thread = body["event"]["ts"]
    await slack.next_posts(mark)
    shared = fixture("message_file_share")
    shared["event"]["thread_ts"] = thread
    mark = slack.mark()
    await slack.send("events_api", shared)
    (notice,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert notice.params["user"] == ALICE and notice.params["thread_ts"] == thread
    assert "dump.zip" in text_of(notice) and "50 Mo" in text_of(notice)
    (reply,) = await slack.next_posts(mark)
    assert "erreur.png" in text_of(reply) and "dump.zip" not in text_of(reply)


async def test_an_answer_slack_fails_once_is_posted_once(make_workspace: MakeWorkspace) -> None:
    slack = await make_workspace()
    slack.fake.fail_next("chat.postMessage", status=500, error="internal_error", retry_after=None)
    mark = slack.mark()
    await slack.say("L'export PDF des factures plante", channel=SUPPORT)
    await slack.drained()
    posts = [c for c in slack.fake.calls[mark:] if c.method == "chat.postMessage"]
    assert [c.status for c in posts] == [500, 200], "tried again after the 5xx"
    assert "(2/8)" in text_of(posts[-1]), "the next question, once"
