"""Every agent action reaches the ticket service from every entry point (an agent typing in chat,
the agents' console, a card's button with the text a form sent, ``supportbot tickets …``, the web
desk's ticket page) and
does exactly the same thing: the same status and assignment, the same SLA marks, the same audit
trail, the same notices to the requester and lines in the agents' thread. On both databases."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from adapters.web.desk_port import DeskPort
from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.i18n import Language
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.ticket_buttons import AgentAction
from bot.messages import Platform, Sender
from bot.refusals import Refusals
from bot.sla.policy import SlaMilestone
from tests.lifecycle.support import events, last_outbox_id, outbox, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket

AGENTS = "console:agent,slack:UAGENT"
SLACK_AGENT = Actor(ActorKind.AGENT, Platform.SLACK, "UAGENT", "Agathe")


@dataclass(frozen=True)
class Case:
    """One action: the words of each entry point (``{ref}`` is the reference), what to do first,
    and the status it leads to."""

    name: str
    typed: str  # after the command word, in chat and on the console
    cli: tuple[str, ...]
    button: tuple[str, str]  # the card's action code, and the text a form would send
    status: str
    first: tuple[str, ...] = ()  # console commands that bring the ticket where the action applies
    entry_points: frozenset[str] = field(default_factory=lambda: frozenset({"chat", "console", "button", "cli", "web"}))


CASES = [
    Case("claim", "claim {ref}", ("claim", "{ref}"), ("claim", ""), "in_progress"),
    Case("ask", "ask {ref} Quel navigateur utilisez-vous ?", ("ask", "{ref}", "Quel navigateur utilisez-vous ?"),
         ("ask", "Quel navigateur utilisez-vous ?"), "waiting_customer"),
    Case("reply", "reply {ref} Videz le cache puis réessayez", ("reply", "{ref}", "Videz le cache puis réessayez"),
         ("reply", "Videz le cache puis réessayez"), "in_progress"),
    Case("note", "note {ref} vu avec l'éditeur", ("note", "{ref}", "vu avec l'éditeur"), ("note", "vu avec l'éditeur"),
         "new"),
    Case("escalate", "escalate {ref} Équipe réseau : proxy", ("escalate", "{ref}", "Équipe réseau : proxy"),
         ("esc", "Équipe réseau : proxy"), "escalated"),
    Case("dev", "dev {ref}", ("dev", "{ref}"), ("dev", ""), "waiting_development"),
    Case("devnext", "devnext {ref}", ("dev", "{ref}", "--next-update"), ("devnext", ""), "waiting_development"),
    Case("hold", "hold {ref}", ("hold", "{ref}"), ("hold", ""), "on_hold"),
    Case("resume", "resume {ref}", ("resume", "{ref}"), ("resume", ""), "in_progress", first=("hold {ref}",)),
    Case("resolve", "resolve {ref}", ("resolve", "{ref}"), ("res", ""), "resolved"),
    Case("resolve with a message", "", ("resolve", "{ref}", "--message", "Corrigé en 2026.3"),
         ("res", "Corrigé en 2026.3"), "resolved", entry_points=frozenset({"button", "cli", "web"})),
    Case("close", "close {ref}", ("close", "{ref}"), ("close", ""), "closed"),
    Case("reopen", "reopen {ref}", ("reopen", "{ref}"), ("reopen", ""), "in_progress", first=("resolve {ref}",)),
    Case("cancel", "cancel {ref}", ("cancel", "{ref}"), ("cancel", ""), "cancelled",
         entry_points=frozenset({"chat", "console", "cli"})),  # not a card button, nor on the web desk
]


@dataclass(frozen=True)
class Effects:
    status: str
    assigned: bool
    escalated_to: str | None
    next_update: bool
    met: tuple[bool, ...]
    paused: bool
    audit: tuple[tuple[str, str, str | None, str | None, str], ...]
    to_requester: tuple[str, ...]
    to_agents: tuple[str, ...]


def effects(bot: SupportBot, reference: str, after_event: int, after_row: int, agent_name: str) -> Effects:
    """What an action did, with who did it left out (each entry point has its own agent)."""
    row = ticket(bot, reference)

    def plain(text: str) -> str:
        return re.sub(re.escape(agent_name), "AGENT", text.replace(reference, "REF"))

    rows = [r for r in outbox(bot, after=after_row) if r.ticket_id == row.id]
    return Effects(
        row.status.value, row.assignee_id is not None, row.escalated_to, row.fix_in_next_update,
        tuple(row.sla.of(m).met is not None for m in SlaMilestone), row.sla.pause.is_paused,
        tuple((e.kind, e.actor.split(":")[0], e.from_status, e.to_status, plain(e.note))
              for e in events(bot, reference)[after_event:]),
        tuple(plain(r.text) for r in rows if r.kind is OutboundKind.REQUESTER_NOTICE),
        tuple(plain(r.text) for r in rows if r.kind is OutboundKind.AGENT_THREAD),
    )


def act(bot: SupportBot, entry_point: str, case: Case, reference: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Do the case's action from one entry point; returns the acting agent's name."""
    ticket_id = ticket(bot, reference).id
    if entry_point == "console":
        agent = ChatDriver(bot.desk, "agent", channel="agents", name="Agathe Support")
        agent.say(case.typed.format(ref=reference))
        assert all(r.ephemeral for r in agent.last if hasattr(r, "ephemeral")), agent.text()
        return "Agathe Support"
    if entry_point == "chat":  # a Slack agent, in the agents' channel (the desk sees the same on Telegram)
        agent = ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS", name="Agathe")
        agent.say("!" + case.typed.format(ref=reference))
        return "Agathe"
    if entry_point == "button":  # a card's button, with the text a Slack form sends along
        code, text = case.button
        agent = ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS", name="Agathe")
        agent.press_id(f"T{ticket_id}.{code}", text)
        return "Agathe"
    if entry_point == "web":  # the ticket page's form: the card's action and its field (Resolve's message is labelled)
        code, text = case.button
        action = AgentAction(code)
        with bot.sessions.begin() as session:
            account = bot.web.accounts.chat_account(session, Sender(Platform.SLACK, "UAGENT", "Agathe"), Language.FR)
        port = DeskPort(bot, Refusals(bot.catalog, bot.agents_language))
        resolving = action is AgentAction.RESOLVE
        outcome = port.act(account, reference, action, "" if resolving else text, text if resolving else "")
        assert outcome.result is not None, outcome.refusal
        return "Agathe"
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    monkeypatch.setenv("SUPPORTBOT_AGENTS", AGENTS)
    args = ["tickets", *(part.format(ref=reference) for part in case.cli), "--as", "console:agent"]
    result = CliRunner().invoke(make_cli(), args)
    assert result.exit_code == 0, result.output
    return "Agathe Support"  # the name the console agent last wrote with


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_agent_action_does_the_same_from_every_entry_point(
    case: Case, make_bot: Callable[..., SupportBot], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two processes on one database: agents in the console, and agents in Slack.
    console_bot = make_bot(agents=AGENTS, messages_per_minute=0, tickets_per_day=0)
    slack_bot = make_bot(agents=AGENTS, messages_per_minute=0, tickets_per_day=0, slack_bot_token="xoxb-test",
                         slack_agents_channel="CAGENTS")
    console = ChatDriver(console_bot.desk, "agent", channel="agents", name="Agathe Support")
    console.say("list")  # the console agent has written once: the command line knows their name
    seen: dict[str, Effects] = {}
    for entry_point in sorted(case.entry_points):
        bot = slack_bot if entry_point in {"chat", "button", "web"} else console_bot
        reference = file_ticket(ChatDriver(bot.desk, f"requester-{entry_point}"))
        for step in case.first:
            console.say(step.format(ref=reference))
        after_event, after_row = len(events(bot, reference)), last_outbox_id(bot)
        name = act(bot, entry_point, case, reference, monkeypatch)
        seen[entry_point] = effects(bot, reference, after_event, after_row, name)
        assert seen[entry_point].status == case.status, (entry_point, seen[entry_point])
    first = next(iter(seen.values()))
    for entry_point, effect in seen.items():
        assert effect == first, f"{entry_point} differs from {next(iter(seen))}"
    assert first.audit, "every action leaves a line in the audit trail"


def test_assigning_from_the_command_line_is_an_agents_claim(
    make_bot: Callable[..., SupportBot], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(agents=AGENTS, messages_per_minute=0, tickets_per_day=0)
    agent = ChatDriver(bot.desk, "agent", channel="agents", name="Agathe Support")
    claimed, assigned = (file_ticket(ChatDriver(bot.desk, user)) for user in ("alice", "bruno"))
    after = {ref: (len(events(bot, ref)), last_outbox_id(bot)) for ref in (claimed, assigned)}

    agent.say(f"claim {claimed}")
    after[assigned] = (len(events(bot, assigned)), last_outbox_id(bot))
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    monkeypatch.setenv("SUPPORTBOT_AGENTS", AGENTS)
    result = CliRunner().invoke(make_cli(), ["tickets", "assign", assigned, "console:agent"])
    assert result.exit_code == 0, result.output

    by_chat = effects(bot, claimed, *after[claimed], "Agathe Support")
    by_cli = effects(bot, assigned, *after[assigned], "Agathe Support")
    assert by_chat == by_cli
    assert by_cli.met == (True, False, False)  # the acknowledgement is met: the watch will not flag a breach
    assert by_cli.to_requester == ("Votre demande REF est prise en charge par AGENT.",)
    assert [e.actor for e in events(bot, assigned)[-2:]] == ["agent:console:agent"] * 2


def test_the_command_line_refuses_what_the_rules_refuse_and_changes_nothing(
    make_bot: Callable[..., SupportBot], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot(agents=AGENTS)
    reference = file_ticket(ChatDriver(bot.desk))
    trail, queued = events(bot, reference), last_outbox_id(bot)
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    monkeypatch.setenv("SUPPORTBOT_AGENTS", AGENTS)
    runner = CliRunner()

    reopened = runner.invoke(make_cli(), ["tickets", "reopen", reference])
    assert reopened.exit_code == 1 and f"{reference} is new: reopen is not possible" in reopened.output
    not_an_agent = runner.invoke(make_cli(), ["tickets", "claim", reference, "--as", "slack:UINTRUDER"])
    assert not_an_agent.exit_code == 1 and "slack:UINTRUDER is not an agent" in not_an_agent.output
    missing = runner.invoke(make_cli(), ["tickets", "claim", "SUP-999999"])
    assert missing.exit_code == 1 and "no ticket with the reference 'SUP-999999'" in missing.output
    assert events(bot, reference) == trail and last_outbox_id(bot) == queued
