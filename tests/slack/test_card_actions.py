"""The Slack entry point of the ticket service: every button of a ticket's card, pressed in Slack
(a form for those that take a text), does what the same action typed in the agents' console does.
The real Slack adapter against the fake Slack, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bot.bootstrap import build
from bot.messages import Platform
from bot.settings import Settings
from tests.fakes.slack import Call
from tests.lifecycle.support import events, last_outbox_id, ticket
from tests.lifecycle.test_every_entry_point import effects
from tests.slack.conftest import MakeWorkspace
from tests.slack.workspace import AGENTS, Workspace, buttons_of
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket

AGENT = "U0AGENT01"


@pytest.fixture
def make_settings(database_url: str) -> Callable[..., Settings]:
    """The workspace on the parametrised database (SQLite, PostgreSQL)."""

    def factory(**overrides: Any) -> Settings:
        return Settings(_env_file=None, **{"database_url": database_url, **overrides})

    return factory


@dataclass(frozen=True)
class Case:
    label: str  # the card's button
    typed: str  # the same action in the agents' console ({ref})
    form: str = ""  # the text submitted in the form the button opens ("" : the button acts at once)
    first: tuple[str, ...] = ()  # console commands that bring the ticket where the button shows


CASES = [
    Case("Prendre en charge", "claim {ref}"),
    Case("Demander des informations", "ask {ref} Quel navigateur ?", form="Quel navigateur ?"),
    Case("Escalader", "escalate {ref} Équipe réseau", form="Équipe réseau"),
    Case("Attente développement", "dev {ref}"),
    Case("Reprendre le traitement", "resume {ref}", first=("escalate {ref} Équipe réseau",)),
    Case("Résoudre", "resolve {ref}", form=""),
    Case("Clôturer", "close {ref}"),
    Case("Rouvrir", "reopen {ref}", first=("resolve {ref}",)),
    Case("Répondre au demandeur", "reply {ref} Videz le cache", form="Videz le cache"),
]


@pytest.fixture
async def workspace(make_workspace: MakeWorkspace) -> Workspace:
    return await make_workspace(agents=f"slack:{AGENT},console:agent", messages_per_minute=0, tickets_per_day=0)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.label)
async def test_a_card_button_in_slack_does_what_the_console_command_does(
    case: Case, workspace: Workspace, make_settings: Callable[..., Settings], clock: FakeClock,
) -> None:
    slack_bot = workspace.service.bot
    console_bot = build(make_settings(agents=f"slack:{AGENT},console:agent", messages_per_minute=0, tickets_per_day=0),
                        clock=clock, with_kb=False)
    try:
        console = ChatDriver(console_bot.desk, "agent", channel="agents", name="Agathe Support")
        typed = file_ticket(ChatDriver(console_bot.desk, "bruno"))
        for step in case.first:
            console.say(step.format(ref=typed))
        after = (len(events(console_bot, typed)), last_outbox_id(console_bot))
        console.say(case.typed.format(ref=typed))
        by_console = effects(console_bot, typed, *after, "Agathe Support")
    finally:
        console_bot.close()

    pressed = file_ticket(ChatDriver(slack_bot.desk, "alice"))
    for step in case.first:
        ChatDriver(slack_bot.desk, AGENT, platform=Platform.SLACK, channel=AGENTS, name=AGENT).say("!" + step.format(ref=pressed))
    card = await _delivered_card(workspace, pressed)
    after = (len(events(slack_bot, pressed)), last_outbox_id(slack_bot))
    mark = workspace.mark()
    await workspace.press(card, case.label, user=AGENT)
    if case.form or case.label == "Résoudre":
        (opened,) = await workspace.fake.wait_for("views.open", since=mark)
        [field] = opened.params["view"]["blocks"]
        mark = workspace.mark()
        await workspace.submit(opened, {field["label"]["text"]: case.form} if case.form else {}, user=AGENT)
    await workspace.fake.wait_for("chat.postEphemeral", since=mark)
    assert effects(slack_bot, pressed, *after, f"User {AGENT}") == by_console  # the fake Slack names unknown users so
    assert ticket(slack_bot, pressed).assignee_platform is Platform.SLACK


async def _delivered_card(workspace: Workspace, reference: str) -> Call:
    """Deliver the outbox to Slack; the ticket's card as it stands now."""
    await workspace.drained()
    posted = [c for c in workspace.fake.calls_to("chat.postMessage")
              if c.params["channel"] == AGENTS and reference in c.params.get("text", "") and "thread_ts" not in c.params]
    assert len(posted) == 1, posted
    edits = [c for c in workspace.fake.calls_to("chat.update") if c.params["ts"] == posted[0].answer_ts]
    card = edits[-1] if edits else posted[0]
    assert buttons_of(card), card
    return card
