"""Where a deployment's queues restrict (``queue_access = "restricted"``), an agent acts only on
the tickets of the queues that list them and team leads act everywhere: refused alike from chat
and from the web desk, in the same words, since both ask the same ticket service. Where queues do
not restrict (the default), an agent of one queue acts on any ticket, from either side."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.web.desk_port import DeskPort, available_actions
from bot.bootstrap import SupportBot
from bot.errors import NotInQueue
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.ticket_buttons import AgentAction, agent_button
from bot.messages import Platform
from bot.refusals import Refusals
from bot.tickets.status import TicketStatus
from bot.triage.config import QueueAccessMode
from bot.triage.loader import TriageConfigError, load_triage
from tests.desk.support import account, view_of
from tests.lifecycle.support import ticket
from tests.support.chat import ChatDriver
from tests.web.seed import ACCOUNTING_AGENT_ID, ACCOUNTING_CHAT, AGENT_ID, AGENTS_CHAT, TRIAGE_FILE, file, requester

LEAD_ID = "900300401"  # an agent of the default queue and a team lead


@pytest.fixture
def restricted(make_bot: Callable[..., SupportBot], tmp_path: Path) -> DeskPort:
    triage = tmp_path / "triage.toml"
    triage.write_text('queue_access = "restricted"\n' + TRIAGE_FILE.read_text("utf-8"), "utf-8")
    bot = make_bot(telegram_bot_token="1:x", telegram_agents_chat_id=str(AGENTS_CHAT), triage_file=triage,
                   agents=f"telegram:{AGENT_ID},telegram:{LEAD_ID}", web_leads=f"telegram:{LEAD_ID}")
    return DeskPort(bot, Refusals(bot.catalog, bot.agents_language))


def in_chat(bot: SupportBot, user_id: str, name: str, where: int) -> ChatDriver:
    return ChatDriver(bot.desk, user_id, platform=Platform.TELEGRAM, channel=str(where), name=name)


def test_an_agent_acts_only_on_their_queues_tickets_and_a_team_lead_everywhere(restricted: DeskPort) -> None:
    bot = restricted.bot
    agnes = in_chat(bot, AGENT_ID, "Agnès Support", AGENTS_CHAT)
    comptable = in_chat(bot, ACCOUNTING_AGENT_ID, "Colette Compta", ACCOUNTING_CHAT)
    lead = in_chat(bot, LEAD_ID, "Léa Cheffe", AGENTS_CHAT)
    support = file(requester(bot, "700100201", Platform.TELEGRAM), "L'export PDF des factures plante", "major")
    accounting = file(requester(bot, "700100202", Platform.TELEGRAM), "La TVA intracommunautaire est fausse", "major")
    agnes.say(f"/requalify {accounting} product compta")  # still the default queue's: then routed to accounting
    assert ticket(bot, accounting).queue == "compta"

    # Chat and the web refuse the same agent the same ticket, in the same words.
    comptable.say(f"/claim {support}")
    refusal = (f"{support} est dans la file « Support » : seuls ses agents et les responsables d'équipe agissent dessus "
               "(Colette Compta n'en fait pas partie).")
    assert comptable.text() == refusal
    on_the_web = restricted.act(account(restricted, ACCOUNTING_AGENT_ID, "Colette Compta"), support, AgentAction.CLAIM)
    assert on_the_web.result is None and on_the_web.refusal == refusal
    agnes.say(f"/claim {accounting}")
    assert agnes.text().startswith(f"{accounting} est dans la file « Comptabilité »")
    refused = restricted.act(account(restricted), accounting, AgentAction.NOTE, "vu")
    assert refused.refusal == agnes.text()
    comptable.press_id(agent_button(ticket(bot, support).id, AgentAction.REQUALIFY))  # not even the menu
    assert comptable.text() == refusal
    assert ticket(bot, support).status is TicketStatus.NEW and ticket(bot, accounting).status is TicketStatus.NEW

    # The page offers nothing where the agent may not act, and everything where they may.
    colette = account(restricted, ACCOUNTING_AGENT_ID, "Colette Compta")
    view = view_of(restricted, support)
    assert not restricted.in_queue(colette, view) and available_actions(view, colette, in_queue=False) == ()
    assert restricted.in_queue(colette, view_of(restricted, accounting))

    # Each acts in their own queue, from either side; the team lead anywhere.
    comptable.say(f"/claim {accounting}")
    assert ticket(bot, accounting).assignee_id == ACCOUNTING_AGENT_ID
    assert restricted.act(colette, accounting, AgentAction.REPLY, "Nous vérifions la règle de TVA.").result is not None
    assert restricted.act(account(restricted), support, AgentAction.CLAIM).result is not None
    lead.say(f"/note {accounting} Vu avec Colette")
    assert lead.text().startswith(f"Note interne ajoutée à {accounting}")
    assert restricted.act(account(restricted, LEAD_ID, "Léa Cheffe"), support, AgentAction.NOTE, "suivi").result is not None

    # Nobody is given, nor merges into, a ticket outside the queues they act on.
    with bot.sessions() as session, pytest.raises(NotInQueue):
        bot.tickets.assign(session, support, Actor(ActorKind.AGENT, Platform.TELEGRAM, LEAD_ID, "Léa Cheffe"),
                           Actor(ActorKind.AGENT, Platform.TELEGRAM, ACCOUNTING_AGENT_ID, "Colette Compta"))
    merge = restricted.act(account(restricted), support, AgentAction.MERGE, accounting)
    assert merge.refusal.startswith(f"{accounting} est dans la file « Comptabilité »")


def test_where_queues_do_not_restrict_an_agent_of_one_queue_acts_on_any_ticket(desk: DeskPort) -> None:
    bot = desk.bot
    assert ticket(bot, "SUP-000012").queue == "support"
    comptable = in_chat(bot, ACCOUNTING_AGENT_ID, "Colette Compta", ACCOUNTING_CHAT)
    comptable.say("/note SUP-000012 Je regarde le lecteur")
    assert comptable.text().startswith("Note interne ajoutée à SUP-000012")
    colette = account(desk, ACCOUNTING_AGENT_ID, "Colette Compta")
    assert desk.in_queue(colette, view_of(desk, "SUP-000012"))
    assert desk.act(colette, "SUP-000012", AgentAction.CLAIM).result is not None
    assert ticket(bot, "SUP-000012").assignee_name == "Colette Compta"


def test_the_triage_file_says_whether_queues_restrict_and_a_mistake_stops_the_start(tmp_path: Path) -> None:
    triage = tmp_path / "triage.yaml"
    assert load_triage(TRIAGE_FILE).queue_access is QueueAccessMode.OPEN
    triage.write_text("queue_access: restricted\n", "utf-8")
    assert load_triage(triage).queue_access is QueueAccessMode.RESTRICTED
    triage.write_text("queue_access: private\n", "utf-8")
    with pytest.raises(TriageConfigError, match=r'queue_access is "open", "restricted" \(got \'private\'\)'):
        load_triage(triage)
