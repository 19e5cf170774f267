"""Whole requester dialogues on Slack: real Bolt, real core, real SQLite, a fake Slack on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.fakes.slack import Call
from tests.slack.conftest import MakeWorkspace
from tests.slack.workspace import SUPPORT, Workspace, buttons_of, text_of

NAVIGATION = {"Retour", "Garder ma réponse"}


def has_recap(call: Call) -> bool:
    return any(block.get("block_id") == "sb.title" for block in call.params.get("blocks") or [])


async def answer_until_recap(slack: Workspace, thread: str, first: Call) -> Call:
    """Answer every question: press the first offered answer, or type one when there is none."""
    last = first
    for _ in range(20):
        if has_recap(last):
            return last
        mark = slack.mark()
        offered = [label for label in buttons_of(last) if label not in NAVIGATION]
        if offered:
            await slack.press(last, offered[0])
        else:
            await slack.say("Le fichier PDF ne se génère pas du tout", thread=thread)
        (last,) = await slack.next_posts(mark)
        assert last.params["thread_ts"] == thread
    raise AssertionError("the intake never reached the recap")


@pytest.mark.parametrize("slack_mode", ["socket", "http"])
async def test_full_intake_in_a_thread_files_a_ticket(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante à chaque fois")
    thread = body["event"]["ts"]
    (first,) = await slack.next_posts(mark)
    assert first.params["channel"] == SUPPORT and first.params["thread_ts"] == thread
    assert "Merci, c'est noté" in text_of(first) and "(2/8)" in text_of(first)

    recap = await answer_until_recap(slack, thread, first)
    assert "Récapitulatif" in text_of(recap) and "export PDF des factures" in text_of(recap)

    mark = slack.mark()
    await slack.press(recap, "Envoyer la demande")
    (filed,) = await slack.next_posts(mark)
    assert filed.params["thread_ts"] == thread
    assert "suivre votre demande avec /support statut SUP-000001." in text_of(filed)  # what Slack lets through

    # Every pressed button was replaced by a "✔ label" line on its own message.
    updates = {c.params["ts"]: c for c in slack.fake.calls_to("chat.update")}
    recap_update = updates[recap.answer_ts]
    assert not [b for b in recap_update.params["blocks"] if b["type"] == "actions"]
    assert "✔ Envoyer la demande" in text_of(recap_update)
    if slack.mode == "http":
        assert set(slack.statuses) == {200}


async def test_article_solves_the_problem(make_workspace: MakeWorkspace) -> None:
    slack = await make_workspace(with_kb=True)
    mark = slack.mark()
    body = await slack.say("mon compte est verrouillé après plusieurs tentatives")
    thread = body["event"]["ts"]
    await slack.next_posts(mark)
    await slack.barrier(thread)  # the first turn's every message is out
    posts = slack.posts(thread=thread)
    cards = [p for p in posts if any(b.get("block_id") == "sb.article" for b in p.params["blocks"])]
    assert cards, [text_of(p) for p in posts]
    mark = slack.mark()
    await slack.press(cards[0], "Cela a résolu mon problème")
    (answer,) = await slack.next_posts(mark)
    assert answer.params["thread_ts"] == thread
    assert "ravi que cela ait aidé" in text_of(answer)
    assert not slack.fake.calls_to("views.open")


async def test_answered_buttons_are_replaced(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante à chaque fois")
    (question,) = await slack.next_posts(mark)
    label = next(b for b in buttons_of(question) if b not in NAVIGATION)
    mark = slack.mark()
    await slack.press(question, label)
    (update,) = await slack.fake.wait_for("chat.update", since=mark)
    assert update.params["ts"] == question.answer_ts and update.params["channel"] == SUPPORT
    assert [b["type"] for b in update.params["blocks"]][-1] == "context"
    assert f"✔ {label}" in text_of(update)
    assert "actions" not in [b["type"] for b in update.params["blocks"]]
    (next_question,) = await slack.next_posts(mark)
    assert next_question.params["thread_ts"] == body["event"]["ts"]
