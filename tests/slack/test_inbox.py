"""Slack hears "got it" only once the event is stored: in HTTP mode and in Socket Mode."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from bot.storage.models import InboundEventRow, InboxStatus
from tests.slack.workspace import Workspace

BOTH_MODES = pytest.mark.parametrize("slack_mode", ["socket", "http"])


def stored(slack: Workspace) -> list[InboundEventRow]:
    with slack.service.bot.sessions() as session:
        return list(session.scalars(select(InboundEventRow)))


@BOTH_MODES
async def test_an_acknowledged_event_is_already_stored(slack: Workspace) -> None:
    body = slack.message_body("L'export PDF des factures plante")
    assert await slack.send("events_api", body) == 200
    [event] = stored(slack)  # read as soon as the ack arrived: no waiting
    assert event.event_id == body["event_id"] and event.status in {InboxStatus.RECEIVED, InboxStatus.PROCESSED}
    await slack.drained()
    assert [e.status for e in stored(slack)] == [InboxStatus.PROCESSED]


@pytest.mark.parametrize("slack_mode", ["http"])
async def test_an_event_that_could_not_be_stored_is_not_acknowledged(slack: Workspace) -> None:
    with slack.service.bot.engine.begin() as connection:
        connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON inbound_events "
                                "BEGIN SELECT RAISE(ABORT, 'the database is away'); END"))
    body = slack.message_body("L'export PDF des factures plante")
    assert await slack.send("events_api", body) != 200, "Slack sends it again"
    with slack.service.bot.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER refuse"))
    mark = slack.mark()
    assert await slack.send("events_api", body, retry_num=1) == 200
    await slack.next_posts(mark)
    await slack.drained()
    assert len(stored(slack)) == 1 and len(slack.posts()) == 1
