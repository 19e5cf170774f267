"""Follow-ups in business days, with a test clock over the business-hours calendar: a resolved
ticket nobody confirms closes by itself; a requester asked for information is reminded, then the
ticket closes (or goes on hold) as configured. Each step happens once, whatever the processes."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import SupportBot
from tests.lifecycle.support import console_agent, events, last_outbox_id, notices, paris, ticket, watch
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import file_ticket


def test_a_resolved_ticket_closes_by_itself_after_the_configured_business_days(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    clock.set(paris(20, 10))  # Friday
    bot = make_bot(auto_close_business_days=2)
    reference = file_ticket(ChatDriver(bot.desk, "alice"))
    clock.set(paris(20, 16))
    console_agent(bot).say(f"resolve {reference}")
    process_a, process_b = watch(bot, "a"), watch(bot, "b")
    # Two business days of 9 h from Friday 16:00: 2 h on Friday, 9 h on Monday, 7 h on Tuesday.
    clock.set(paris(24, 15, 59))
    process_a.run_once()
    assert ticket(bot, reference).status == "resolved"
    mark = last_outbox_id(bot)
    clock.set(paris(24, 16))
    process_a.run_once()
    process_b.run_once()  # another process: the lease, then the ticket's status, keep it from doing it again
    process_a.run_once()
    closed = ticket(bot, reference)
    assert closed.status == "closed"
    assert next(e for e in events(bot, reference) if e.to_status == "closed").actor == "system:"
    assert [n.text for n in notices(bot, after=mark)] == [
        f"Votre demande {reference} était résolue et nous n'avons pas eu de réponse depuis 2 jours ouvrés : elle est "
        "close. Si le problème revient, écrivez-moi dans les 14 jours pour la rouvrir.",
        f"Êtes-vous satisfait du traitement de {reference} ? Donnez une note de 1 à 5."]


def test_a_requester_asked_for_information_is_reminded_then_the_ticket_closes(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    clock.set(paris(17, 10))  # Tuesday
    bot = make_bot(waiting_reminder_business_days=3)
    alice = ChatDriver(bot.desk, "alice")
    reference = file_ticket(alice)
    console_agent(bot).say(f"ask {reference} Quel navigateur utilisez-vous ?")
    process = watch(bot, "a")
    clock.set(paris(20, 9, 59))
    process.run_once()
    assert ticket(bot, reference).customer_reminded_at is None
    mark = last_outbox_id(bot)
    clock.set(paris(20, 10))  # three business days later
    process.run_once()
    process.run_once()
    assert [n.text for n in notices(bot, after=mark)] == [
        f"Rappel : le support attend votre réponse sur {reference} depuis 3 jours ouvrés.\nQuel navigateur utilisez-vous ?"
        "\n\nRépondez simplement à ce message."]
    assert ticket(bot, reference).status == "waiting_customer"
    clock.set(paris(25, 10))  # three more business days (Friday 10:00 to Wednesday 10:00)
    process.run_once()
    assert ticket(bot, reference).status == "closed"
    assert [e.kind for e in events(bot, reference)][-2:] == ["customer_reminder", "status"]
    assert "Sans réponse de votre part" in notices(bot)[-1].text


def test_an_answer_starts_the_wait_over_and_hold_is_the_other_policy(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    clock.set(paris(17, 10))
    bot = make_bot(waiting_reminder_business_days=1, waiting_unanswered="hold", auto_close_business_days=0)
    alice = ChatDriver(bot.desk, "alice")
    reference = file_ticket(alice)
    agent = console_agent(bot)
    agent.say(f"ask {reference} Quel navigateur ?")
    process = watch(bot, "a")
    clock.set(paris(18, 10))
    process.run_once()
    assert ticket(bot, reference).customer_reminded_at is not None
    alice.say("Firefox 128")  # answers: back in progress
    assert ticket(bot, reference).status == "in_progress"
    clock.set(paris(18, 11))
    agent.say(f"ask {reference} Et la version ?")
    asked_again = ticket(bot, reference)
    assert asked_again.customer_reminded_at is None and asked_again.waiting_since == paris(18, 11)
    clock.set(paris(19, 11))
    process.run_once()  # reminded again
    clock.set(paris(20, 11))
    process.run_once()
    assert ticket(bot, reference).status == "on_hold"
    assert "mise en pause" in notices(bot)[-1].text


def test_nothing_closes_by_itself_when_the_delays_are_zero(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    clock.set(paris(17, 10))
    bot = make_bot(auto_close_business_days=0, waiting_reminder_business_days=0)
    reference = file_ticket(ChatDriver(bot.desk, "alice"))
    console_agent(bot).say(f"resolve {reference}")
    clock.advance(days=60)
    watch(bot, "a").run_once()
    assert ticket(bot, reference).status == "resolved"
