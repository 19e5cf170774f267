"""Triage on Slack, played as a new user would: a ticket filed with its type, product, module,
version and urgency carries the organisation and the context of the requester's Slack profile; an
agent requalifies it from the card (a menu, then a select menu) and the card and the SLA follow;
a ticket about another product lands in that product's queue channel."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.slack import Call, FakeSlack
from tests.lifecycle.support import paris
from tests.slack.conftest import MakeWorkspace
from tests.slack.workspace import AGENTS, ALICE, SUPPORT, Workspace, buttons_of, options_of, text_of
from tests.support.clock import FakeClock
from tests.triage.support import INTAKE, TRIAGE

AGENT = "U0AGENT01"
BILLING = "C0BILLING1"


@pytest.fixture
async def slack(make_workspace: MakeWorkspace, fake_slack: FakeSlack, tmp_path: Path, clock: FakeClock) -> Workspace:
    clock.set(paris(17, 10))  # a Tuesday morning: agents are in
    fake_slack.users[ALICE].update(title="Comptable", tz="Europe/Paris", email="alice@acme.fr")
    (tmp_path / "triage.toml").write_text(TRIAGE, "utf-8")
    (tmp_path / "intake.toml").write_text(INTAKE, "utf-8")
    return await make_workspace(agents=f"slack:{AGENT}", triage_file=tmp_path / "triage.toml",
                                intake_questions_file=tmp_path / "intake.toml")


async def deliver(slack: Workspace) -> None:
    await slack.drained()


async def step(slack: Workspace, thread: str, last: Call, answer: str, *, user: str = ALICE) -> Call:
    """Answer the question in ``last``: press the button labelled ``answer``, or type it in the thread."""
    mark = slack.mark()
    if answer in buttons_of(last):
        await slack.press(last, answer, user=user)
    else:
        await slack.say(answer, thread=thread, user=user)
    (reply,) = await slack.next_posts(mark)
    return reply


async def file(slack: Workspace, summary: str, answers: list[str], *, user: str = ALICE) -> str:
    mark = slack.mark()
    body = await slack.say(summary, user=user)
    thread = body["event"]["ts"]
    (last,) = await slack.next_posts(mark)
    for answer in [*answers, "Envoyer la demande"]:
        last = await step(slack, thread, last, answer, user=user)
    assert "SUP-" in text_of(last)
    return thread


def card_in(slack: Workspace, channel: str, reference: str) -> Call:
    """The card of ``reference`` in ``channel``, as last posted or edited."""
    [card] = [c for c in slack.posts(channel=channel) if "thread_ts" not in c.params and reference in text_of(c)]
    edits = [c for c in slack.fake.calls_to("chat.update") if c.params["ts"] == card.answer_ts]
    return edits[-1] if edits else card


async def test_a_ticket_carries_its_fields_and_context_and_is_requalified_from_the_card(slack: Workspace) -> None:
    thread = await file(slack, "Le planning des salles ne s'affiche plus", [
        "Bug", "HYPERPLANNING", "Emploi du temps", "2025.1", "Erreur 500 à l'ouverture", "Je ne peux pas faire ma tâche",
        "Haute"])
    await deliver(slack)
    card = card_in(slack, AGENTS, "SUP-000001")
    shown = text_of(card)
    for field in ("Bug", "HYPERPLANNING", "Emploi du temps", "2025.1", "Haute", "ACME (contrat premium (TMA))",
                  "Comptable · Europe/Paris · fr-FR · @alice · alice@acme.fr", "mercredi 18 novembre à 10:00"):
        assert field in shown, field

    mark = slack.mark()
    await slack.press(card, "Requalifier", user=AGENT)
    (menu,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert menu.params["user"] == AGENT and "Priorité : majeure (tâche impossible)" in buttons_of(menu)
    mark = slack.mark()
    await slack.press(menu, "Priorité", user=AGENT)
    (values,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert options_of(values) == ["basse (question d'utilisation)", "mineure (contournement possible)",
                                  "majeure (tâche impossible)", "bloquante (logiciel inutilisable)"]
    mark = slack.mark()
    await slack.select(values, "bloquante", user=AGENT)
    (done,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert "requalifiée par User U0AGENT01" in text_of(done)
    await deliver(slack)
    requalified = text_of(card_in(slack, AGENTS, "SUP-000001"))
    assert "bloquante (logiciel inutilisable)" in requalified and "mardi 17 novembre à 14:00" in requalified
    told = slack.posts(channel=SUPPORT, thread=thread)[-1]
    assert "La priorité de votre demande SUP-000001 est maintenant : bloquante" in text_of(told)


async def test_a_ticket_about_billing_lands_in_the_billing_queue_channel(slack: Workspace) -> None:
    await file(slack, "Les factures de novembre ne partent plus", [
        "Bug", "Facturation", "3.2.1", "Aucun message", "Je ne peux pas faire ma tâche", "Normale"])
    await deliver(slack)
    card = card_in(slack, BILLING, "SUP-000001")
    assert "Facturation" in text_of(card) and "Factures" in text_of(card)
    assert not [c for c in slack.posts(channel=AGENTS) if "SUP-000001" in text_of(c)]
    # Agents of the billing queue work it from their channel.
    mark = slack.mark()
    await slack.say("!search factures", user=AGENT, channel=BILLING)
    (found,) = await slack.fake.wait_for("chat.postEphemeral", since=mark)
    assert "SUP-000001" in text_of(found)


async def test_thanks_reopen_nothing_a_resolved_ticket_closes_itself_and_the_requester_finds_it(
    slack: Workspace, clock: FakeClock,
) -> None:
    thread = await file(slack, "Le planning des salles ne s'affiche plus", [
        "Aide", "Facturation", "3.2.1", "Aucun message", "C'est une question d'utilisation", "Faible"])
    await deliver(slack)
    mark = slack.mark()
    await slack.say("!resolve SUP-000001", user=AGENT, channel=BILLING)
    await slack.fake.wait_for("chat.postEphemeral", since=mark)
    await deliver(slack)
    clock.set(paris(24, 10, 1))  # five business days later (the default delay)
    slack.service.bot.sla_watch("slack-test").run_once()
    await deliver(slack)
    closing = [text_of(p) for p in slack.posts(channel=SUPPORT, thread=thread)]
    assert any("pas eu de réponse depuis 5 jours ouvrés : elle est close" in text for text in closing)

    mark = slack.mark()
    await slack.say("Merci beaucoup !", thread=thread)
    (answer,) = await slack.next_posts(mark)
    assert "Avec plaisir ! Votre demande SUP-000001 reste close." in text_of(answer)

    mark = slack.mark()
    await slack.command("chercher planning")  # /support chercher planning: in a direct message
    (found,) = await slack.next_posts(mark)
    assert "SUP-000001 — Clôturée — Le planning des salles ne s'affiche plus" in text_of(found)
