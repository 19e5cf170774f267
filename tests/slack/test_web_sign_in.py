"""An agent asks for a web desk sign-in link on Slack: in the agents' channel (``!web``, since Slack
keeps ``/`` for itself) or with ``/support web``; the link arrives in a direct message, never in
the shared channel. The outbox worker delivers it through the Slack courier."""

from __future__ import annotations

from tests.slack.conftest import MakeWorkspace
from tests.slack.workspace import AGENTS, ALICE, text_of
from tests.support.clock import FakeClock

AGENT = "U0AGENT01"


async def test_the_link_goes_to_the_agents_direct_messages_only(make_workspace: MakeWorkspace, clock: FakeClock) -> None:
    slack = await make_workspace(agents=f"slack:{AGENT}", web_base_url="https://desk.example.com")
    for ask in (lambda: slack.say("!web", user=AGENT, channel=AGENTS), lambda: slack.command("web", user=AGENT)):
        mark = slack.mark()
        await ask()
        await slack.fake.wait_until(lambda since=mark: any(c.method in {"chat.postEphemeral", "chat.postMessage"}
                                                           for c in slack.fake.calls[since:]), what="the bot's answer")
        await slack.drained()
        posted = [c for c in slack.fake.calls[mark:] if c.method == "chat.postMessage"]
        links = [c for c in posted if "https://desk.example.com/signin/" in text_of(c)]
        assert len(links) == 1 and links[0].params["channel"] == AGENT, [c.params for c in posted]
        assert not any("/signin/" in text_of(c) for c in posted if c.params["channel"] == AGENTS)

    # Someone who is not an agent gets an explanation, and no link anywhere.
    mark = slack.mark()
    await slack.command("web", user=ALICE)
    await slack.fake.wait_for("chat.postEphemeral", since=mark)
    await slack.drained()
    said = [text_of(c) for c in slack.fake.calls[mark:] if c.method in {"chat.postMessage", "chat.postEphemeral"}]
    assert any("réservé à l'équipe support" in t for t in said) and not any("/signin/" in t for t in said)
