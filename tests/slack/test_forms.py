"""The recap's Edit button opens a form with every answer; submitting it changes what changed."""

from __future__ import annotations

import json

import pytest

from tests.slack.test_intake import answer_until_recap
from tests.slack.workspace import BOB, Workspace, text_of


@pytest.mark.parametrize("slack_mode", ["socket", "http"])
async def test_edit_form_round_trip(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante à chaque fois")
    thread = body["event"]["ts"]
    (first,) = await slack.next_posts(mark)
    recap = await answer_until_recap(slack, thread, first)

    mark = slack.mark()
    await slack.press(recap, "Modifier une réponse")
    (opened,) = await slack.fake.wait_for("views.open", since=mark)
    view = opened.params["view"]
    assert opened.params["trigger_id"].startswith("trigger-")
    inputs = {block["label"]["text"]: block["element"].get("initial_value") for block in view["blocks"]}
    summary_label = next(label for label, value in inputs.items() if value and "export PDF" in value)
    assert len(inputs) >= 8
    recap_updates = [c for c in slack.fake.calls_to("chat.update") if c.params["ts"] == recap.answer_ts]
    assert not recap_updates  # the recap keeps its buttons until the form is sent

    mark = slack.mark()
    await slack.submit(opened, {summary_label: "L'export PDF des avoirs échoue avec une erreur 500"})
    (new_recap,) = await slack.next_posts(mark)
    assert new_recap.params["thread_ts"] == thread
    assert "avoirs échoue" in text_of(new_recap) and "Récapitulatif" in text_of(new_recap)
    (collapsed,) = [c for c in slack.fake.calls_to("chat.update") if c.params["ts"] == recap.answer_ts]
    assert collapsed.params["ts"] == recap.answer_ts
    assert "✔ Modifier une réponse" in text_of(collapsed)
    assert "actions" not in [b["type"] for b in collapsed.params["blocks"]]

    # The new recap still files the ticket with the edited summary.
    mark = slack.mark()
    await slack.press(new_recap, "Envoyer la demande")
    (filed,) = await slack.next_posts(mark)
    assert "SUP-000001" in text_of(filed)


async def test_unchanged_form_changes_nothing(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante à chaque fois")
    (first,) = await slack.next_posts(mark)
    recap = await answer_until_recap(slack, body["event"]["ts"], first)
    mark = slack.mark()
    await slack.press(recap, "Modifier une réponse")
    (opened,) = await slack.fake.wait_for("views.open", since=mark)
    metadata = json.loads(opened.params["view"]["private_metadata"])
    assert metadata["c"] and metadata["t"] == body["event"]["ts"]
    mark = slack.mark()
    await slack.submit(opened, {})
    await slack.barrier(body["event"]["ts"])
    assert [c.method for c in slack.fake.calls[mark:]] == ["chat.postMessage"]  # nothing but the answer to it


async def test_someone_elses_edit_form_is_refused_and_leaves_the_recap_as_it_was(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante à chaque fois")
    (first,) = await slack.next_posts(mark)
    recap = await answer_until_recap(slack, body["event"]["ts"], first)
    mark = slack.mark()
    await slack.press(recap, "Modifier une réponse", user=BOB)  # Bob, in Alice's thread
    (opened,) = await slack.fake.wait_for("views.open", since=mark)
    summary = next(block["label"]["text"] for block in opened.params["view"]["blocks"]
                   if "export PDF" in (block["element"].get("initial_value") or ""))

    mark = slack.mark()
    await slack.submit(opened, {summary: "Autre chose"}, user=BOB)
    (refusal,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)  # the turn's answer: the barrier
    assert refusal.params["user"] == BOB and "appartient à une autre personne" in text_of(refusal)
    assert [c for c in slack.fake.calls[mark:] if c.method == "chat.update"] == []  # the recap keeps its buttons

    mark = slack.mark()  # Alice's own form still works on it
    await slack.press(recap, "Modifier une réponse")
    (mine,) = await slack.fake.wait_for("views.open", since=mark)
    mark = slack.mark()
    await slack.submit(mine, {summary: "L'export PDF des avoirs échoue avec une erreur 500"})
    (new_recap,) = await slack.next_posts(mark)
    assert "avoirs échoue" in text_of(new_recap)
    assert [c.params["ts"] for c in slack.fake.calls[mark:] if c.method == "chat.update"] == [recap.answer_ts]


async def test_an_edit_the_desk_cannot_read_asks_that_question_again(slack: Workspace) -> None:
    mark = slack.mark()
    body = await slack.say("L'export PDF des factures plante à chaque fois")
    (first,) = await slack.next_posts(mark)
    recap = await answer_until_recap(slack, body["event"]["ts"], first)
    mark = slack.mark()
    await slack.press(recap, "Modifier une réponse")
    (opened,) = await slack.fake.wait_for("views.open", since=mark)
    summary = next(block["label"]["text"] for block in opened.params["view"]["blocks"]
                   if "export PDF" in (block["element"].get("initial_value") or ""))
    mark = slack.mark()
    await slack.submit(opened, {summary: "?"})  # too short to be a summary
    (asked,) = await slack.next_posts(mark)
    assert "trop courte" in text_of(asked) and "(1/8)" in text_of(asked)
