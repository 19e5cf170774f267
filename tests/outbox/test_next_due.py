"""When an idle worker looks again: at the end of a back-off or of a dead worker's lock, never
sooner for rows that wait on something else (the row ahead in their conversation, their card)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import OutboundKind
from bot.messages import Platform
from bot.outbox.claims import next_due
from bot.storage.models import OutboxRow, OutboxStatus
from tests.support.clock import FakeClock

SLACK = [Platform.SLACK]


def due(sessions: sessionmaker[Session], clock: FakeClock) -> object:
    with sessions() as session:
        return next_due(session, SLACK, clock())


def test_rows_waiting_on_another_row_are_no_reason_to_look_again(
    sessions: sessionmaker[Session], clock: FakeClock, put: Callable[..., int]
) -> None:
    put("the card", kind=OutboundKind.AGENT_CARD, card_key="ticket:1:slack:C-agents")
    card_update = put("claimed", kind=OutboundKind.CARD_UPDATE, ref_card_key="ticket:1:slack:C-agents")
    with sessions.begin() as session:  # the card was given up on: its update waits for ever, due already
        session.execute(update(OutboxRow).where(OutboxRow.id != card_update).values(status=OutboxStatus.FAILED))
    assert due(sessions, clock) is None


def test_the_end_of_a_back_off_or_of_a_dead_workers_lock_is(
    sessions: sessionmaker[Session], clock: FakeClock, put: Callable[..., int]
) -> None:
    waiting = put("after a 5xx")
    locked = put("claimed by a worker that died")
    with sessions.begin() as session:
        session.execute(update(OutboxRow).where(OutboxRow.id == waiting).values(next_attempt_at=clock() + timedelta(seconds=9)))
        session.execute(update(OutboxRow).where(OutboxRow.id == locked).values(
            locked_by="dead", locked_until=clock() + timedelta(seconds=4)))
    assert due(sessions, clock) == clock() + timedelta(seconds=4)
