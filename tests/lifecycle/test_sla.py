"""SLA due times stamped at filing (business hours, weekends, French holidays), and the watch
that reminds agents before a due time and flags a breach after it, once, in one process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.lifecycle.sla_watch import SlaWatch
from bot.sla.policy import SlaMilestone
from bot.storage.models import TicketRow
from tests.lifecycle.support import console_agent, events, file_blocking, outbox, paris, ticket, watch
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket


def test_due_times_skip_the_weekend(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    bot = make_bot()
    clock.set(paris(20, 16))  # Friday 16:00
    filed = ticket(bot, file_blocking(bot))
    assert filed.priority == "blocking"
    # 4 business hours: 2 on Friday, 2 on Monday; 1 day (9 h): Monday 16:00; 2 days: Tuesday 16:00.
    assert filed.ack_due_at == paris(23, 11)
    assert filed.first_qualification_due_at == paris(23, 16)
    assert filed.final_qualification_due_at == paris(24, 16)


def test_due_times_skip_a_public_holiday(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    bot = make_bot()
    clock.set(paris(10, 17))  # Tuesday 10 November, 17:00; Wednesday 11 is Armistice Day
    filed = ticket(bot, file_ticket(ChatDriver(bot.desk)))
    assert filed.priority == "major"
    assert filed.ack_due_at == paris(12, 17)  # 1 h on Tuesday, 8 h on Thursday
    assert filed.first_qualification_due_at == paris(13, 17)
    fields = {f.label: f.value for f in outbox(bot)[0].card.fields}
    assert fields["Prise en compte avant"] == "jeudi 12 novembre à 17:00"


def test_the_watch_reminds_before_and_flags_after_each_due_time_once(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    late = file_blocking(bot)  # Tuesday 10:00: acknowledgement due at 14:00, reminder from 13:12
    claimed = file_blocking(bot, "bruno", "La base clients est inaccessible")
    console_agent(bot).say(f"claim {claimed}")
    sla = watch(bot, "process-a")

    clock.set(paris(17, 13))
    assert sla.run_once() == 0
    clock.set(paris(17, 13, 30))
    before = len(outbox(bot))
    assert sla.run_once() == 1
    clock.advance(minutes=5)
    assert sla.run_once() == 0
    [reminder] = outbox(bot)[before:]
    assert reminder.kind is OutboundKind.AGENT_THREAD and reminder.ticket_id == ticket(bot, late).id
    assert reminder.text == f"⏰ {late} : l'échéance « prise en compte » arrive (mardi 17 novembre à 14:00)."

    clock.set(paris(17, 14, 1))
    assert sla.run_once() == 1
    assert sla.run_once() == 0
    breach = outbox(bot)[-2:]
    assert [row.kind for row in breach] == [OutboundKind.AGENT_THREAD, OutboundKind.CARD_UPDATE]
    assert breach[0].text == f"🚨 {late} : échéance « prise en compte » dépassée (mardi 17 novembre à 14:00)."

    assert [(e.kind, e.actor) for e in events(bot, late) if e.kind.startswith("sla")] == [
        ("sla_reminder", "system:"), ("sla_breach", "system:")]
    assert [e.kind for e in events(bot, claimed) if e.kind.startswith("sla")] == []  # acknowledged in time
    state = ticket(bot, late).sla.of(SlaMilestone.ACK)
    assert state.reminded and state.breached and state.met is None


def test_one_watch_process_does_each_round(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    first_process, second_process = make_bot(), make_bot()  # two processes on one database
    late = file_blocking(first_process)
    a = watch(first_process, "process-a", interval=timedelta(hours=1))
    b = watch(second_process, "process-b", interval=timedelta(hours=1))

    clock.set(paris(17, 10, 30))
    assert a.run_once() == 0  # nothing due yet, but A now holds the lease for three hours
    clock.set(paris(17, 13, 20))
    assert b.run_once() == 0  # a reminder is due, but not B's to send
    assert [e.kind for e in events(first_process, late)][-1] == "created"
    assert a.run_once() == 1
    assert b.run_once() == 0

    # Both at once, after A's lease ran out: exactly one of them flags the breach.
    clock.set(paris(17, 16, 31))
    results: list[int] = []
    start = threading.Barrier(2)

    def run(sla: SlaWatch) -> None:
        start.wait()
        results.append(sla.run_once())

    threads = [threading.Thread(target=run, args=(sla,)) for sla in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    with first_process.sessions() as session:
        assert len(session.scalars(select(TicketRow)).all()) == 1
    assert [e.kind for e in events(first_process, late) if e.kind.startswith("sla")] == ["sla_reminder", "sla_breach"]
