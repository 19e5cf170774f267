"""A ticket's whole life on the console: filed, claimed, asked, answered, resolved, confirmed, rated.

Checks the statuses, the audit trail, the outbox rows the core writes, and what a real
outbox worker hands to the couriers."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.messages import Destination, Platform, TextReply
from bot.sla.policy import SlaMilestone
from tests.lifecycle.support import (
    AGENT_NAME,
    Event,
    Queued,
    RecordingCourier,
    console_agent,
    deliver_all,
    events,
    notices,
    outbox,
    press_notice,
    ticket,
)
from tests.support.chat import ChatDriver
from tests.support.intake import FR_ANSWERS, file_ticket

AGENTS = Destination(Platform.CONSOLE, "agents")
ALICE = "requester:console:alice"
AGENT = "agent:console:agent"


def kinds_and_places(rows: list[Queued]) -> list[tuple[str, str]]:
    return [(row.kind.value, row.channel) for row in rows]


async def test_the_whole_loop_from_filing_to_satisfaction(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk)
    agent = console_agent(bot)
    reference = file_ticket(alice)

    # Filed: one agent card, for the agents' console, with everything the agents need.
    filed = outbox(bot)
    assert kinds_and_places(filed) == [("agent_card", "agents")]
    card = filed[0].card
    assert card.reference == reference and card.status == "new"
    fields = {f.label: f.value for f in card.fields}
    assert fields["Statut"] == "Nouvelle"
    assert fields["Priorité"].startswith("majeure")
    assert fields["Demandeur"] == "Alice Martin (console)"
    assert fields["Assignée à"] == "personne"
    for value in (FR_ANSWERS["error"], "Depuis une mise à jour", "3 personnes", FR_ANSWERS["expected"],
                  FR_ANSWERS["actual"], FR_ANSWERS["tried"], "Je ne peux pas faire ma tâche"):
        assert value in fields.values(), value
    # Major, filed Tuesday 10:00 Paris: 1, 2 and 5 business days.
    assert fields["Prise en compte avant"] == "mercredi 18 novembre à 10:00"
    assert fields["1re qualification avant"] == "jeudi 19 novembre à 10:00"
    assert fields["Qualification finale avant"] == "mardi 24 novembre à 10:00"
    assert {c.id.split(".")[1] for c in card.choices} >= {"claim", "ask", "res", "close", "reply"}

    # Claimed.
    agent.say(f"claim {reference}")
    assert agent.last == [TextReply(f"{reference} : prise en charge par {AGENT_NAME}.", ephemeral=True)]
    claimed = ticket(bot, reference)
    assert claimed.status == "in_progress" and claimed.assignee_id == "agent" and claimed.assignee_name == AGENT_NAME
    assert claimed.sla.of(SlaMilestone.ACK).met
    step = outbox(bot, after=filed[-1].id)
    assert kinds_and_places(step) == [("requester_notice", "alice"), ("card_update", "agents"), ("agent_thread", "agents")]
    assert step[0].text == f"Votre demande {reference} est prise en charge par {AGENT_NAME}."

    # Asked for information: the requester's next message is the answer.
    agent.say(f"ask {reference} Quel navigateur ?")
    assert ticket(bot, reference).status == "waiting_customer"
    asked = outbox(bot, after=step[-1].id)
    assert kinds_and_places(asked) == [("requester_notice", "alice"), ("card_update", "agents"), ("agent_thread", "agents")]
    assert "Quel navigateur ?" in asked[0].text

    alice.say("Firefox 120, sous Windows")
    assert alice.text() == f"Message ajouté à votre demande {reference} ; l'équipe support est prévenue."
    assert ticket(bot, reference).status == "in_progress"
    answered = outbox(bot, after=asked[-1].id)
    assert kinds_and_places(answered) == [("agent_thread", "agents"), ("card_update", "agents")]
    assert answered[0].text == f"{reference} · 💬 Alice Martin : Firefox 120, sous Windows"

    # Resolved: the requester is asked whether it works, and says yes.
    agent.say(f"resolve {reference}")
    assert ticket(bot, reference).status == "resolved"
    resolved = outbox(bot, after=answered[-1].id)
    assert kinds_and_places(resolved) == [("requester_notice", "alice"), ("card_update", "agents"), ("agent_thread", "agents")]
    press_notice(alice, resolved[0], "Oui, c'est réglé")
    closed = ticket(bot, reference)
    assert closed.status == "closed" and closed.closed_at is not None
    assert alice.last[0] == TextReply(f"Merci ! Votre demande {reference} est clôturée.")
    assert [c.label for c in alice.choices()] == ["★" * n for n in range(1, 6)]

    alice.press("★★★★")
    assert "4/5" in alice.text()
    alice.say("Rapide et efficace")
    assert alice.text() == "Merci, votre commentaire est transmis à l'équipe."
    done = ticket(bot, reference)
    assert done.satisfaction_score == 4 and done.satisfaction_comment == "Rapide et efficace"
    after_close = outbox(bot, after=resolved[-1].id)
    assert kinds_and_places(after_close) == [("card_update", "agents"), ("agent_thread", "agents"),
                                             ("agent_thread", "agents"), ("agent_thread", "agents")]
    assert [row.text for row in after_close[1:]] == [
        f"{reference} · ✅ Alice Martin confirme que le problème est résolu : demande clôturée.",
        f"{reference} · Satisfaction du demandeur : 4/5.",
        f"{reference} · Commentaire du demandeur : Rapide et efficace",
    ]

    assert events(bot, reference) == [
        Event("created", ALICE, None, "new", ""),
        Event("assigned", AGENT, None, None, AGENT_NAME),
        Event("status", AGENT, "new", "in_progress", ""),
        Event("status", AGENT, "in_progress", "waiting_customer", "Quel navigateur ?"),
        Event("requester_message", ALICE, None, None, "Firefox 120, sous Windows"),
        Event("status", ALICE, "waiting_customer", "in_progress", ""),
        Event("status", AGENT, "in_progress", "resolved", ""),
        Event("status", ALICE, "resolved", "closed", ""),
        Event("satisfaction", ALICE, None, None, "4/5"),
        Event("satisfaction", ALICE, None, None, "Rapide et efficace"),
    ]

    # Delivered by a real worker: the card once, its updates as edits of it, the thread
    # messages in its thread, every requester notice exactly once.
    console = RecordingCourier(Platform.CONSOLE)
    queued = outbox(bot)
    assert await deliver_all(bot, {Platform.CONSOLE: console}) == len(queued)
    assert await deliver_all(bot, {Platform.CONSOLE: console}) == 0
    assert [d.kind for d in console.deliveries if d.destination.channel == "agents"] == [
        row.kind for row in queued if row.channel == "agents"]
    [card_delivery] = console.of_kind(OutboundKind.AGENT_CARD)
    assert card_delivery.destination == AGENTS and card_delivery.open_thread and reference in card_delivery.open_thread
    card_id = "console-1"  # the first delivery: the card opened thread "console-1"
    updates = console.of_kind(OutboundKind.CARD_UPDATE)
    assert len(updates) == 5
    assert all(d.edit is not None and d.edit.message_id == card_id and d.edit.thread == card_id for d in updates)
    assert [getattr(d.replies[0], "status", None) for d in updates] == [
        "in_progress", "waiting_customer", "in_progress", "resolved", "closed"]
    thread = console.of_kind(OutboundKind.AGENT_THREAD)
    assert len(thread) == 7 and all(d.destination == Destination(Platform.CONSOLE, "agents", card_id) for d in thread)
    delivered_notices = console.of_kind(OutboundKind.REQUESTER_NOTICE)
    assert [d.replies for d in delivered_notices] == [row.replies for row in notices(bot)]
    assert len(delivered_notices) == 3
    assert all(d.destination == Destination(Platform.CONSOLE, "alice") for d in delivered_notices)
