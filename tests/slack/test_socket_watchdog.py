"""A Socket Mode connection that goes quiet is replaced: the real slack_bolt Socket Mode client
against the fake Slack, which stops answering anything (not even pings) on the open connection."""

from __future__ import annotations

from tests.slack.conftest import MakeWorkspace


async def test_a_quiet_connection_is_replaced_and_events_flow_again(make_workspace: MakeWorkspace) -> None:
    slack = await make_workspace(slack_socket_quiet_seconds=0.6)
    assert slack.fake.connections == 1
    slack.fake.go_quiet()  # open, but no pong and no message any more

    await slack.fake.wait_until(lambda: slack.fake.connections >= 2, timeout=10, what="a new Socket Mode connection")
    mark = len(slack.fake.calls)
    await slack.say("L'export PDF des factures plante à chaque fois")  # acked on the new connection
    assert await slack.next_posts(mark), "the message sent after the reconnection is answered"


async def test_a_connection_that_answers_is_kept(make_workspace: MakeWorkspace) -> None:
    slack = await make_workspace(slack_socket_quiet_seconds=0.6)
    await slack.say("Bonjour")  # some traffic, then several quiet periods with pongs only
    await slack.fake.settle(quiet=2.0, timeout=10)
    assert slack.fake.connections == 1
