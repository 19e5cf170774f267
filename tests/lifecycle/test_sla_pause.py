"""The SLA clock stops while a ticket is the customer's turn (waiting for their answer, on hold at
their request): when it comes back, pending due times move back by the business time paused, and
the SLA watch leaves paused tickets alone. November 2026: the 21st and 22nd are a weekend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.lifecycle.actors import Actor, ActorKind
from bot.messages import Platform
from bot.sla.policy import SlaMilestone
from bot.sla.state import SlaPause
from bot.tickets.export import ticket_as_dict
from tests.lifecycle.support import console_agent, events, file_blocking, outbox, paris, ticket, watch
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket

PAUSE_LABEL = "Horloge SLA"


def card_fields(bot: SupportBot) -> dict[str, str]:
    """The fields of the last agent card queued."""
    card = next(row.card for row in reversed(outbox(bot)) if row.kind in {OutboundKind.AGENT_CARD, OutboundKind.CARD_UPDATE})
    return {f.label: f.value for f in card.fields}


def test_waiting_for_the_customer_over_a_weekend_moves_pending_due_times_by_the_business_time_paused(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    clock.set(paris(19, 10))  # Thursday 10:00, a major ticket: ack Friday 10:00, first Monday 10:00, final Thursday 26
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    filed = ticket(bot, reference)
    assert (filed.ack_due_at, filed.first_qualification_due_at, filed.final_qualification_due_at) == (
        paris(20, 10), paris(23, 10), paris(26, 10))
    agent = console_agent(bot)
    clock.set(paris(19, 11))
    agent.say(f"claim {reference}")  # acknowledgement met before any pause

    clock.set(paris(20, 16))  # Friday 16:00: asking meets the first qualification, then the clock stops
    agent.say(f"ask {reference} Quel navigateur utilisez-vous ?")
    waiting = ticket(bot, reference)
    assert waiting.status == "waiting_customer"
    assert waiting.sla.pause == SlaPause(paris(20, 16), timedelta())
    assert card_fields(bot)[PAUSE_LABEL].startswith("en pause depuis vendredi 20 novembre à 16:00")
    assert ticket_as_dict(waiting)["sla_clock"] == {"paused_since": paris(20, 16).isoformat(), "paused_business_seconds": 0.0}

    clock.set(paris(23, 11))  # Monday 11:00: 2 h on Friday, none over the weekend, 2 h on Monday
    alice.say("Firefox 128 sous Windows 11")
    answered = ticket(bot, reference)
    assert answered.status == "in_progress"
    assert answered.ack_due_at == paris(20, 10)  # met before the pause
    assert answered.first_qualification_due_at == paris(23, 10)  # met when the pause began
    assert answered.final_qualification_due_at == paris(26, 14)  # Thursday 10:00 + 4 business hours
    assert bot.calendar.business_time_between(paris(20, 16), paris(23, 11)) == timedelta(hours=4)
    assert answered.sla.pause == SlaPause(None, timedelta(hours=4))
    fields = card_fields(bot)
    assert PAUSE_LABEL not in fields and fields["Qualification finale avant"] == "jeudi 26 novembre à 14:00"
    assert [(e.from_status, e.to_status) for e in events(bot, reference) if e.kind == "status"][-2:] == [
        ("in_progress", "waiting_customer"), ("waiting_customer", "in_progress")]


def test_two_pauses_add_up(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    bot = make_bot()  # Tuesday 17, 10:00: first qualification Thursday 19 10:00, final Tuesday 24 10:00
    alice = ChatDriver(bot.desk)
    reference = file_ticket(alice)
    agent = console_agent(bot)

    clock.set(paris(17, 11))
    agent.say(f"hold {reference}")  # on hold at the customer's request: only the acknowledgement is met
    clock.set(paris(18, 15, 30))
    agent.say(f"resume {reference}")  # back to work: 7 h on Tuesday + 6 h 30 on Wednesday
    resumed = ticket(bot, reference)
    assert resumed.status == "in_progress"
    assert resumed.first_qualification_due_at == paris(20, 14, 30)
    assert resumed.final_qualification_due_at == paris(25, 14, 30)

    clock.set(paris(20, 12))
    agent.say(f"ask {reference} Pouvez-vous envoyer une capture ?")
    clock.set(paris(23, 10))  # 6 h on Friday + 1 h on Monday
    alice.say("Voici la capture")
    twice = ticket(bot, reference)
    assert twice.first_qualification_due_at == paris(20, 14, 30)  # met by the question, so not moved again
    assert twice.final_qualification_due_at == paris(26, 12, 30)
    assert twice.final_qualification_due_at == bot.calendar.add_business_time(paris(24, 10), timedelta(hours=20, minutes=30))
    assert twice.sla.pause == SlaPause(None, timedelta(hours=20.5))


def test_the_watch_leaves_a_paused_ticket_alone_and_flags_it_after_the_shifted_due_time(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    reference = file_blocking(bot)  # Tuesday 17, 10:00: ack 14:00, first Wednesday 10:00, final Thursday 10:00
    sla = watch(bot, "process-a")
    clock.set(paris(17, 10, 30))
    console_agent(bot).say(f"hold {reference}")

    for moment in (paris(18, 9, 50), paris(18, 10, 1), paris(19, 11), paris(23, 9, 30)):
        clock.set(moment)  # reminders, then breaches, of the original due times: all in the pause
        assert sla.run_once() == 0
    assert [e.kind for e in events(bot, reference) if e.kind.startswith("sla")] == []

    clock.set(paris(23, 10))  # 7 h 30 + 3 whole days + 1 h paused: 35 h 30 of business time
    console_agent(bot).say(f"resume {reference}")  # back from the hold
    resumed = ticket(bot, reference)
    assert resumed.first_qualification_due_at == paris(24, 9, 30)  # 8 h 30 were left: Monday 10-18, then 30 min
    assert resumed.final_qualification_due_at == paris(25, 9, 30)

    # The reminder comes a fifth of the 9 h target (1 h 48) before the new due time: Monday 16:42.
    clock.set(paris(23, 16, 40))
    assert sla.run_once() == 0
    clock.set(paris(23, 16, 45))
    assert sla.run_once() == 1
    assert outbox(bot)[-1].text == (
        f"⏰ {reference} : l'échéance « première qualification » arrive (mardi 24 novembre à 09:30).")
    clock.set(paris(24, 9, 29))
    assert sla.run_once() == 0
    clock.set(paris(24, 9, 31))
    assert sla.run_once() == 1
    assert outbox(bot)[-2].text == f"🚨 {reference} : échéance « première qualification » dépassée (mardi 24 novembre à 09:30)."
    assert [e.kind for e in events(bot, reference) if e.kind.startswith("sla")] == ["sla_reminder", "sla_breach"]
    assert ticket(bot, reference).sla.of(SlaMilestone.FIRST_QUALIFICATION).breached == paris(24, 9, 31)


def test_a_milestone_already_late_keeps_its_due_time_and_a_reminder_is_sent_again_after_a_pause(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    reference = file_blocking(bot)  # Tuesday 17, 10:00: ack 14:00, first Wednesday 10:00, final Thursday 10:00
    sla = watch(bot, "process-a")
    clock.set(paris(17, 14, 1))
    assert sla.run_once() == 1  # acknowledgement breached
    clock.set(paris(18, 8, 30))
    assert sla.run_once() == 1  # first qualification reminded (due at 10:00)

    clock.set(paris(18, 9))  # on hold at the customer's request, through the ticket service (as the command line does)
    agent = Actor(ActorKind.AGENT, Platform.CONSOLE, "agent", "Agathe Support")
    with bot.sessions.begin() as session:
        bot.tickets.hold(session, reference, agent, "waiting for the customer's logs")
    clock.set(paris(18, 12))
    with bot.sessions.begin() as session:
        bot.tickets.resume(session, reference, agent, "logs received")

    resumed = ticket(bot, reference)
    assert resumed.ack_due_at == paris(17, 14)  # already breached: stays as it was
    assert resumed.first_qualification_due_at == paris(18, 13)
    assert resumed.final_qualification_due_at == paris(19, 13)
    assert resumed.sla.of(SlaMilestone.FIRST_QUALIFICATION).reminded is None  # the reminder named the old due time
    clock.set(paris(18, 12, 30))
    assert sla.run_once() == 1
    assert outbox(bot)[-1].text == (
        f"⏰ {reference} : l'échéance « première qualification » arrive (mercredi 18 novembre à 13:00).")
