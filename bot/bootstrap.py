"""Wire the bot by hand, in one place, from the settings. Nothing else builds services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.entry import IntakeEntry
from bot.conversation.flow import IntakeFlow
from bot.conversation.prompts import Prompter
from bot.conversation.store import ConversationStore
from bot.conversation.suggestions import ArticleSuggester
from bot.conversation.turns import IntakeTurns
from bot.desk import DeskLimits, DeskParts, HelpDesk
from bot.facade import AsyncDesk
from bot.i18n import Catalog, Language, normalize_language
from bot.i18n.commands import CommandHints
from bot.inbound import InboundGuard
from bot.intake.loader import load_script
from bot.intake.questions import IntakeScript
from bot.lifecycle.access import RequesterPolicy
from bot.lifecycle.actors import AgentRegistry
from bot.lifecycle.agent_desk import AgentDesk
from bot.lifecycle.cards import TicketCards
from bot.lifecycle.notices import Notices
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.requester_desk import RequesterDesk
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.sla_watch import SlaWatch
from bot.lifecycle.transitions import AuditTrail
from bot.messages import Destination, Platform
from bot.observability.turns import TurnWatchers
from bot.outbox.outbox import Outbox
from bot.refusals import Refusals
from bot.requester_commands import RequesterCommands
from bot.requester_views import RequesterViews
from bot.settings import Settings
from bot.sla.calendar import BusinessCalendar
from bot.sla.hours_notice import format_moment
from bot.sla.policy import SlaPolicy
from bot.storage.database import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.tickets.filing import TicketFiler
from bot.tickets.service import TicketService
from bot.tickets.submission import Submission
from bot.web_access.service import WebAccess

if TYPE_CHECKING:
    from kb.semantic import Meaning

CONSOLE_AGENTS_CHANNEL = "agents"
# Slack keeps messages starting with "/" for its own commands: requesters reach ours through the
# app's /support command (slack/manifest.yaml), agents start theirs with "!". The console's
# agents type bare words.
REQUESTER_COMMAND_PREFIXES = {Platform.SLACK: "/support "}
AGENT_COMMAND_PREFIXES = {Platform.SLACK: "!", Platform.CONSOLE: ""}


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SupportBot:
    """Everything a running bot (or a CLI command) needs, built once."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    catalog: Catalog
    script: IntakeScript
    desk: HelpDesk
    facade: AsyncDesk  # what adapters call: the desk off their event loop, with the one catch-all
    tickets: TicketService
    filer: TicketFiler
    suggester: ArticleSuggester | None
    outbox: Outbox
    notifier: Notifier
    audit: AuditTrail
    calendar: BusinessCalendar
    sla: SlaClock
    agents_language: Language
    clock: Callable[[], datetime]
    web: WebAccess  # who may use the web desk, sign-in links and sessions
    turn_watchers: TurnWatchers  # told of every turn the adapters run (metrics register here)

    def sla_watch(self, holder: str, interval: timedelta = timedelta(seconds=60)) -> SlaWatch:
        """The SLA watch as the process ``holder`` runs it (a lease makes one process do each round)."""
        return SlaWatch(self.sessions, self.sla, self.audit, self.notifier, self.catalog, self.agents_language, self.clock,
                        holder=holder, interval=interval)

    def close(self) -> None:
        self.engine.dispose()


def agent_destinations(settings: Settings) -> list[Destination]:
    """Where ticket cards go: the configured agents' channels, or the agents' console."""
    destinations = []
    if settings.slack_configured and settings.slack_agents_channel:
        destinations.append(Destination(Platform.SLACK, settings.slack_agents_channel))
    if settings.telegram_configured and settings.telegram_agents_chat_id:
        destinations.append(Destination(Platform.TELEGRAM, settings.telegram_agents_chat_id))
    return destinations or [Destination(Platform.CONSOLE, CONSOLE_AGENTS_CHANNEL)]


def build(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, migrate: bool = True, with_kb: bool = True,
    meaning: Meaning | None = None,
) -> SupportBot:
    """`meaning`: the knowledge base's models of meaning, loaded here when not given (a process
    that builds several bots, like the test suite, loads them once)."""
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    catalog = Catalog.load()
    script = load_script(settings.intake_questions_file)
    calendar = BusinessCalendar.from_settings(
        tz=settings.business_timezone, days=settings.business_days, hours=settings.business_hours,
        country=settings.holidays_country, subdivision=settings.holidays_subdivision, closed_dates=settings.closed_dates,
    )
    sla = SlaClock(SlaPolicy.parse(settings.sla_targets, calendar.business_day_length), calendar)
    agents_language = normalize_language(settings.agents_language)
    hints = CommandHints(REQUESTER_COMMAND_PREFIXES, AGENT_COMMAND_PREFIXES)
    cards = TicketCards(catalog, agents_language, lambda moment, lang: format_moment(moment, lang, calendar))
    outbox = Outbox(clock)
    audit = AuditTrail(clock, sla)
    notifier = Notifier(outbox, cards, agent_destinations(settings))
    pending = PendingActions(clock)
    reopen_window = timedelta(days=settings.reopen_days)
    notices = Notices(catalog, agents_language, hints, reopen_window)
    refusals = Refusals(catalog, agents_language)
    agent_registry = AgentRegistry(settings.agents)
    tickets = TicketService(audit, notifier, notices, sla, pending, agent_registry, clock, reopen_window)
    web = WebAccess.from_settings(settings, agent_registry, outbox, catalog, hints, clock)
    agents = AgentDesk(tickets, cards, notices, pending, refusals, hints, web.requests)
    requesters = RequesterDesk(tickets, notices, pending, refusals, catalog)
    policy = RequesterPolicy({
        Platform.SLACK: settings.slack_requesters, Platform.TELEGRAM: settings.telegram_requesters,
        Platform.CONSOLE: settings.console_requesters,
    })
    filer = TicketFiler(script, catalog, settings.ticket_prefix, clock)
    suggester = _suggester(settings, script, catalog, clock, meaning) if with_kb else None
    prompter = Prompter(script, catalog)
    submission = Submission(filer, catalog, sla, audit, notifier, hints, settings.tickets_per_day)
    turns = IntakeTurns(IntakeFlow(script), prompter, filer, suggester, submission, clock, settings.max_attachments)
    store = ConversationStore(script.first.id, clock)
    views = RequesterViews(catalog, suggester, hints)
    parts = DeskParts(
        store=store, guard=InboundGuard(clock, settings.messages_per_minute),
        entry=IntakeEntry(store, turns, prompter, policy, agents, requesters, catalog), turns=turns, prompter=prompter,
        commands=RequesterCommands(turns, prompter, views, requesters, refusals, catalog, hints, clock, web.requests),
        agents=agents, requesters=requesters, notifier=notifier, catalog=catalog,
    )
    limits = DeskLimits(settings.max_message_chars, settings.max_attachments, settings.messages_per_minute)
    default_language = normalize_language(settings.default_language)
    desk = HelpDesk(sessions, parts, default_language, limits)
    turn_watchers = TurnWatchers()
    facade = AsyncDesk(desk, catalog, default_language, turn_watchers)
    return SupportBot(settings, engine, sessions, catalog, script, desk, facade, tickets, filer, suggester, outbox, notifier,
                      audit, calendar, sla, agents_language, clock, web, turn_watchers)


def _suggester(
    settings: Settings, script: IntakeScript, catalog: Catalog, clock: Callable[[], datetime], meaning: Meaning | None
) -> ArticleSuggester:
    from bot.suggestions.service import KbSuggester
    from kb.library import KnowledgeBase
    from kb.semantic import Meaning
    from kb.threads import single_blas_thread

    single_blas_thread()
    kb = KnowledgeBase(
        settings.resolved_kb_dir(), min_confidence=settings.kb_min_confidence,
        meaning=Meaning.load() if meaning is None else meaning,
    )
    return KbSuggester(kb, script, catalog, settings.kb_max_suggestions, clock, learn=settings.kb_learn_threshold)
