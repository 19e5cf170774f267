"""The runtime end to end on the real core and database: store, turn, outbox, delivery."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text

from bot.delivery import OutboundKind
from bot.runtime import Runtime
from bot.storage.models import ConversationRow, InboundEventRow, InboxStatus, OutboxRow
from tests.runtime.conftest import Pipeline
from tests.runtime.support import SlackLikeCourier, message

FIRST = "L'export PDF des factures plante depuis ce matin"


async def test_a_message_is_stored_answered_and_its_event_marked_processed(pipeline: Pipeline) -> None:
    assert await pipeline.runtime.receive([message("U1", FIRST)]) == 1
    await pipeline.runtime.drained()
    [answer] = pipeline.courier.answers_to("DU1")
    assert answer.replies, "the turn's replies travel in one outbox row"
    with pipeline.bot.sessions() as session:
        [event] = session.scalars(select(InboundEventRow))
        assert event.status is InboxStatus.PROCESSED and event.processed_at is not None
        [row] = session.scalars(select(OutboxRow).where(OutboxRow.kind == OutboundKind.TURN_REPLY))
        assert row.delivered_at is not None


async def test_a_redelivered_event_is_processed_once(pipeline: Pipeline) -> None:
    first = message("U1", FIRST, event="Ev-same")
    assert await pipeline.runtime.receive([first]) == 1
    assert await pipeline.runtime.receive([first]) == 0, "dropped by its key, stored or not yet processed"
    await pipeline.runtime.drained()
    assert await pipeline.runtime.receive([first]) == 0, "and once processed"
    await pipeline.runtime.drained()
    assert len(pipeline.courier.answers_to("DU1")) == 1
    with pipeline.bot.sessions() as session:
        assert len(session.scalars(select(ConversationRow)).all()) == 1


async def test_a_conversations_messages_are_answered_in_the_order_they_came(pipeline: Pipeline) -> None:
    answers = ["Erreur 500", "aujourd'hui", "moi", "un PDF", "une page blanche", "rien"]
    await pipeline.runtime.receive([message("U1", FIRST), *(message("U1", answer) for answer in answers)])
    await pipeline.runtime.drained()
    texts = pipeline.courier.texts_to("DU1")
    assert len(texts) == 1 + len(answers)
    numbered = [next(f"({n}/8)" for n in range(1, 9) if f"({n}/8)" in t) for t in texts]
    assert numbered == [f"({n}/8)" for n in range(2, 9)], "each answer moved the intake one question on, in order"


async def test_a_slow_delivery_in_one_conversation_holds_up_no_other(pipeline: Pipeline) -> None:
    held = pipeline.courier.held["DU1"] = asyncio.Event()
    await pipeline.runtime.receive([message("U1", FIRST)])
    await pipeline.runtime.receive([message("U2", FIRST), message("U3", FIRST)])
    async with asyncio.timeout(10):
        while len(pipeline.courier.deliveries) < 2:
            await asyncio.sleep(0.01)
    assert {d.destination.channel for d in pipeline.courier.deliveries} == {"DU2", "DU3"}
    held.set()
    await pipeline.runtime.drained()
    assert len(pipeline.courier.answers_to("DU1")) == 1


async def test_what_was_stored_before_a_crash_is_answered_at_the_next_start(pipeline: Pipeline) -> None:
    """The process died after storing (the platform was told) and before the turn: a new runtime
    over the same database answers it at start, once."""
    await pipeline.runtime.stop()
    pipeline.runtime.inbox.store([message("U1", FIRST), message("U2", FIRST)])
    courier = SlackLikeCourier()
    restarted = Runtime(pipeline.bot, "after-the-crash")
    restarted.add_courier(courier)
    await restarted.start()
    try:
        await restarted.drained()
    finally:
        await restarted.stop()
    assert len(courier.answers_to("DU1")) == len(courier.answers_to("DU2")) == 1
    assert not pipeline.courier.deliveries


async def test_a_turn_that_fails_keeps_nothing_and_the_person_gets_an_apology(pipeline: Pipeline) -> None:
    """The database refuses the turn's new conversation: the turn rolls back, and with it the
    replies it had written; the person is told in a transaction of its own, and the event is not tried again."""
    with pipeline.bot.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON conversations "
                                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"))
        else:
            connection.execute(text("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                                    "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"))
            connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON conversations "
                                    "FOR EACH ROW EXECUTE FUNCTION refuse()"))
    try:
        await pipeline.runtime.receive([message("U1", FIRST)])
        await pipeline.runtime.drained()
    finally:  # the PostgreSQL schema outlives the test: leave no trigger behind
        with pipeline.bot.engine.begin() as connection:
            connection.execute(text("DROP TRIGGER refuse" + (" ON conversations" if connection.dialect.name != "sqlite" else "")))
            if connection.dialect.name != "sqlite":
                connection.execute(text("DROP FUNCTION refuse()"))
    [apology] = pipeline.courier.texts_to("DU1")
    assert "problème technique" in apology and "(2/8)" not in apology
    with pipeline.bot.sessions() as session:
        assert session.scalars(select(InboundEventRow.status)).all() == [InboxStatus.FAILED]
        assert len(session.scalars(select(OutboxRow)).all()) == 1, "the rolled-back turn's replies never existed"


async def test_a_slow_turn_holds_up_no_other_conversation(pipeline: Pipeline) -> None:
    """On PostgreSQL turns of different conversations run side by side: one waiting on a lock does
    not stop another from being answered."""
    if pipeline.bot.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: there turns queue by design")
    runtime, courier = pipeline.runtime, pipeline.courier
    await runtime.receive([message("U1", FIRST)])
    await runtime.drained()
    with pipeline.bot.engine.connect() as connection:  # another transaction holds U1's conversation
        connection.execute(text("SELECT id FROM conversations WHERE channel = 'DU1' FOR UPDATE"))
        await runtime.receive([message("U1", "Erreur 500")])
        await runtime.receive([message("U2", FIRST)])
        async with asyncio.timeout(10):
            while not courier.answers_to("DU2"):
                await asyncio.sleep(0.01)
        assert len(courier.answers_to("DU1")) == 1, "U1's second turn still waits for the lock"
        connection.rollback()
    await runtime.drained()
    assert len(courier.answers_to("DU1")) == 2


async def test_a_commit_in_another_process_wakes_the_worker_through_notify(pipeline: Pipeline) -> None:
    """Another process (``supportbot web``, the command line) writes a message to the outbox: on
    PostgreSQL its commit sends NOTIFY, and this runtime's worker delivers at once rather than at
    its next idle look (set here to a minute, far beyond the wait)."""
    if pipeline.bot.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no NOTIFY: another process's messages wait for the worker's idle look")
    from bot.delivery import OutboundKind as Kind
    from bot.messages import Destination, Platform, TextReply
    from bot.outbox import Outbox
    from bot.outbox.signal import OutboxSignal
    from bot.storage.database import make_engine, make_session_factory

    await pipeline.runtime.stop()
    courier = SlackLikeCourier()
    runtime = Runtime(pipeline.bot, "listening", idle_seconds=60)
    runtime.add_courier(courier)
    await runtime.start()
    other = make_engine(pipeline.bot.engine.url.render_as_string(hide_password=False))
    try:
        sessions = make_session_factory(other)
        OutboxSignal(sessions)  # as every bot's sessions are watched (bootstrap)
        await asyncio.sleep(0.2)  # the LISTEN connection is up
        with sessions.begin() as session:
            Outbox(pipeline.bot.clock).put(session, kind=Kind.REQUESTER_NOTICE, destination=Destination(Platform.SLACK, "DU9"),
                                           replies=[TextReply("Votre demande SUP-000001 est prise en charge")])
        async with asyncio.timeout(10):
            while not courier.deliveries:
                await asyncio.sleep(0.01)
    finally:
        await runtime.stop()
        other.dispose()
    assert courier.deliveries[0].destination.channel == "DU9"
