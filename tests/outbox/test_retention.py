"""Retention: old processed inbox rows and old delivered outbox rows go; what is still work (an
event waiting for its turn, a pending message), what a ticket needs (its card's row) and what an
operator reads (failed messages) stays. Real databases, both dialects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.delivery import OutboundKind
from bot.messages import Destination, Platform
from bot.outbox.retention import Retention, RetentionJob, prune
from bot.storage.models import InboundEventRow, InboxStatus, OutboxRow, OutboxStatus
from tests.support.clock import FakeClock

PLACE = Destination(Platform.TELEGRAM, "700100200")


def _event(session: Session, name: str, status: InboxStatus, clock: FakeClock, days_ago: float) -> None:
    session.add(InboundEventRow(platform=Platform.TELEGRAM, event_id=name, user_id="u", status=status,
                                received_at=clock() - timedelta(days=days_ago)))


def _message(session: Session, name: str, status: OutboxStatus, clock: FakeClock, days_ago: float, *,
             card: bool = False) -> None:
    moment = clock() - timedelta(days=days_ago)
    session.add(OutboxRow(created_at=moment, kind=OutboundKind.AGENT_CARD if card else OutboundKind.REQUESTER_NOTICE,
                          platform=PLACE.platform, channel=PLACE.channel, thread=None,
                          payload={"version": 1, "replies": [], "name": name}, ticket_id=1,
                          card_key=f"ticket:{name}" if card else None, status=status, attempts=1,
                          next_attempt_at=moment, delivered_at=moment if status is OutboxStatus.DELIVERED else None))


@pytest.fixture
def filled(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    with sessions.begin() as session:
        _event(session, "old-processed", InboxStatus.PROCESSED, clock, 40)
        _event(session, "old-failed", InboxStatus.FAILED, clock, 40)
        _event(session, "old-waiting", InboxStatus.RECEIVED, clock, 40)
        _event(session, "recent", InboxStatus.PROCESSED, clock, 3)
        _message(session, "old-delivered", OutboxStatus.DELIVERED, clock, 40)
        _message(session, "old-card", OutboxStatus.DELIVERED, clock, 40, card=True)
        _message(session, "old-failed", OutboxStatus.FAILED, clock, 40)
        _message(session, "old-pending", OutboxStatus.PENDING, clock, 40)
        _message(session, "recent", OutboxStatus.DELIVERED, clock, 3)


def _left(sessions: sessionmaker[Session]) -> tuple[list[str], list[str]]:
    with sessions() as session:
        events = list(session.scalars(select(InboundEventRow.event_id).order_by(InboundEventRow.id)))
        messages = [row.payload["name"] for row in session.scalars(select(OutboxRow).order_by(OutboxRow.id))]
    return events, messages


@pytest.mark.usefixtures("filled")
def test_old_history_goes_and_work_cards_and_failures_stay(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    pruned = prune(sessions, Retention(inbox=timedelta(days=30), outbox=timedelta(days=30)), clock(), batch=1)
    assert (pruned.inbox, pruned.outbox) == (2, 1)
    events, messages = _left(sessions)
    assert events == ["old-waiting", "recent"]
    assert messages == ["old-card", "old-failed", "old-pending", "recent"]
    assert prune(sessions, Retention(), clock()) == type(pruned)(0, 0), "a second round finds nothing"


@pytest.mark.usefixtures("filled")
def test_one_process_at_a_time_prunes(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    first = RetentionJob(sessions, Retention(), clock, "process-a")
    second = RetentionJob(sessions, Retention(), clock, "process-b")
    assert first.run_once() is not None
    assert second.run_once() is None, "the lease is process-a's"
    clock.advance(hours=3)  # process-a stopped renewing: its lease ran out
    assert second.run_once() is not None


@pytest.mark.usefixtures("filled")
def test_the_command_line_says_then_prunes(
    sessions: sessionmaker[Session], database_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", database_url)
    # The command line runs on the real clock, days after the fake clock's rows: a retention of ten
    # years keeps every inbox row, one of a day lets both delivered messages go.
    monkeypatch.setenv("SUPPORTBOT_INBOX_RETENTION_DAYS", "3650")
    monkeypatch.setenv("SUPPORTBOT_OUTBOX_RETENTION_DAYS", "1")
    dry = CliRunner().invoke(make_cli(), ["outbox", "prune", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would prune 0 inbox and 2 outbox rows" in dry.output
    assert len(_left(sessions)[1]) == 5
    done = CliRunner().invoke(make_cli(), ["outbox", "prune"])
    assert "pruned 0 inbox and 2 outbox rows" in done.output
    assert _left(sessions)[1] == ["old-card", "old-failed", "old-pending"]


def test_a_retention_too_short_to_deduplicate_is_refused() -> None:
    from bot.settings import Settings

    with pytest.raises(ValueError, match="inbox_retention_days"):
        Settings(_env_file=None, inbox_retention_days=1)
