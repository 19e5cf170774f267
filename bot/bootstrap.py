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
from bot.lifecycle.agent_menus import AgentMenus
from bot.lifecycle.agent_search import AgentSearch
from bot.lifecycle.cards import TicketCards
from bot.lifecycle.follow_ups import FollowUpPolicy, FollowUps
from bot.lifecycle.notices import Notices
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.requester_desk import RequesterDesk
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.sla_watch import SlaWatch
from bot.lifecycle.ticket_buttons import AgentAction
from bot.lifecycle.transitions import AuditTrail
from bot.messages import Destination, Platform
from bot.observability.turns import TurnWatchers
from bot.outbox.outbox import Outbox
from bot.outbox.signal import OutboxSignal
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
from bot.tickets.search_index import TicketIndex
from bot.tickets.service import TicketService
from bot.tickets.submission import Submission
from bot.tickets.toolkit import TriageTools
from bot.toolbox.articles import KbArticles
from bot.toolbox.canned import CannedResponses
from bot.triage.access import QueueAccess
from bot.triage.config import TriageConfig
from bot.triage.entitlement import Entitlement
from bot.triage.finder import TicketFinder
from bot.triage.labels import TriageLabels
from bot.triage.loader import load_triage
from bot.triage.organisations import Organisations
from bot.triage.questions import with_triage_choices
from bot.triage.queues import CONSOLE_AGENTS_CHANNEL, QueueDirectory
from bot.triage.requalification import Requalifier
from bot.web_access.service import WebAccess

if TYPE_CHECKING:
    from kb.library import KnowledgeBase
    from kb.semantic import Meaning

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
    triage: TriageTools  # types, products, queues, organisations, canned responses, articles
    follow_ups: FollowUps
    finder: TicketFinder  # the one ticket search: chat, the web queue, the command line
    outbox_signal: OutboxSignal | None = None  # commits that wrote outbox rows wake workers (NOTIFY on PostgreSQL)

    def sla_watch(self, holder: str, interval: timedelta = timedelta(seconds=60)) -> SlaWatch:
        """The SLA watch as the process ``holder`` runs it (a lease makes one process do each round),
        with the follow-ups (auto-close, reminders) in the same round."""
        return SlaWatch(self.sessions, self.sla, self.audit, self.notifier, self.catalog, self.agents_language, self.clock,
                        holder=holder, interval=interval, follow_ups=self.follow_ups)

    def agents_channels(self, platform: Platform) -> frozenset[str]:
        """Every queue's agents' channels (or groups) on ``platform``: what the adapter listens to."""
        return frozenset(d.channel for q in self.triage.queues.queues for d in q.destinations if d.platform is platform)

    def organisation_slack_groups(self) -> tuple[str, ...]:
        """The Slack user groups that name an organisation (the adapter tells the core who is in them)."""
        with self.sessions() as session:
            groups = {g for o in self.triage.organisations.all(session) for g in o.slack_groups}
        return tuple(sorted(groups | set(self.triage.config.slack_groups())))

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
    triage_config = load_triage(settings.triage_file)
    script = with_triage_choices(load_script(settings.intake_questions_file), triage_config, catalog)
    calendar = BusinessCalendar.from_settings(
        tz=settings.business_timezone, days=settings.business_days, hours=settings.business_hours,
        country=settings.holidays_country, subdivision=settings.holidays_subdivision, closed_dates=settings.closed_dates,
    )
    sla = SlaClock(SlaPolicy.parse(settings.sla_targets, calendar.business_day_length), calendar)
    agents_language = normalize_language(settings.agents_language)
    hints = CommandHints(REQUESTER_COMMAND_PREFIXES, AGENT_COMMAND_PREFIXES)
    kb = _knowledge_base(settings, meaning) if with_kb else None
    leads = AgentRegistry(settings.web_leads, "SUPPORTBOT_WEB_LEADS")  # team leads: the reports, every queue
    tools = _triage_tools(settings, triage_config, catalog, agents_language, clock, kb, leads)
    toolbox = frozenset(action for action, offered in ((AgentAction.CANNED, bool(tools.canned)),
                                                      (AgentAction.ARTICLE, tools.articles is not None)) if offered)
    cards = TicketCards(catalog, agents_language, lambda moment, lang: format_moment(moment, lang, calendar), tools.labels,
                        toolbox)
    outbox = Outbox(clock)
    audit = AuditTrail(clock, sla, TicketIndex())
    notifier = Notifier(outbox, cards, tools.queues)
    pending = PendingActions(clock)
    reopen_window = timedelta(days=settings.reopen_days)
    notices = Notices(catalog, agents_language, hints, reopen_window)
    refusals = Refusals(catalog, agents_language)
    agent_registry = AgentRegistry(tools.queues.agents())  # SUPPORTBOT_AGENTS and every queue's agents
    tickets = TicketService(audit, notifier, notices, sla, pending, agent_registry, clock, reopen_window, tools)
    web = WebAccess.from_settings(settings, agent_registry, leads, outbox, catalog, hints, clock)
    finder = TicketFinder(tools.organisations)
    agents = AgentDesk(tickets, cards, notices, pending, refusals, hints, web.requests, AgentMenus(tickets, notices, refusals),
                       AgentSearch(finder, notices))
    requesters = RequesterDesk(tickets, notices, pending, refusals, catalog)
    policy = RequesterPolicy({
        Platform.SLACK: settings.slack_requesters, Platform.TELEGRAM: settings.telegram_requesters,
        Platform.CONSOLE: settings.console_requesters,
    })
    filer = TicketFiler(script, catalog, settings.ticket_prefix, clock)
    suggester = _suggester(kb, settings, script, catalog, clock) if kb is not None else None
    prompter = Prompter(script, catalog)
    submission = Submission(filer, catalog, sla, audit, notifier, hints, settings.tickets_per_day, tools)
    turns = IntakeTurns(IntakeFlow(script), prompter, filer, suggester, submission, clock, settings.max_attachments)
    store = ConversationStore(script.first.id, clock)
    views = RequesterViews(catalog, suggester, hints, finder, tools.labels)
    entitlement = Entitlement.parse(settings.entitled_contracts, tools.organisations)
    parts = DeskParts(
        store=store, guard=InboundGuard(clock, settings.messages_per_minute),
        entry=IntakeEntry(store, turns, prompter, policy, agents, requesters, catalog, entitlement), turns=turns,
        prompter=prompter,
        commands=RequesterCommands(turns, prompter, views, requesters, refusals, catalog, hints, clock, web.requests,
                                   tools.organisations),
        agents=agents, requesters=requesters, notifier=notifier, catalog=catalog,
    )
    limits = DeskLimits(settings.max_message_chars, settings.max_attachments, settings.messages_per_minute)
    default_language = normalize_language(settings.default_language)
    desk = HelpDesk(sessions, parts, default_language, limits)
    turn_watchers = TurnWatchers()
    facade = AsyncDesk(desk, catalog, default_language, turn_watchers)
    follow_ups = FollowUps(tickets, calendar, FollowUpPolicy.parse(
        settings.auto_close_business_days, settings.waiting_reminder_business_days, settings.waiting_unanswered), clock)
    if triage_config.organisations:
        with sessions.begin() as session:
            tools.organisations.sync(session, triage_config.organisations)
    return SupportBot(settings, engine, sessions, catalog, script, desk, facade, tickets, filer, suggester, outbox, notifier,
                      audit, calendar, sla, agents_language, clock, web, turn_watchers, tools, follow_ups, finder,
                      outbox_signal=OutboxSignal(sessions))


def _triage_tools(
    settings: Settings, config: TriageConfig, catalog: Catalog, agents_language: Language, clock: Callable[[], datetime],
    kb: KnowledgeBase | None, leads: AgentRegistry,
) -> TriageTools:
    platforms = frozenset(p for p, on in ((Platform.SLACK, settings.slack_configured),
                                          (Platform.TELEGRAM, settings.telegram_configured)) if on)
    queues = QueueDirectory.build(agent_destinations(settings), settings.agents, config.queues, platforms)
    labels = TriageLabels(catalog, config, queues)
    organisations = Organisations(clock)
    requalifier = Requalifier(config, catalog, organisations, labels, agents_language)
    articles = KbArticles(kb) if kb is not None else None
    return TriageTools(config, queues, organisations, labels, requalifier, CannedResponses.load(settings.canned_responses_dir),
                       articles, QueueAccess(queues, config.queue_access, leads))


def _suggester(
    kb: KnowledgeBase, settings: Settings, script: IntakeScript, catalog: Catalog, clock: Callable[[], datetime],
) -> ArticleSuggester:
    from bot.suggestions.service import KbSuggester

    return KbSuggester(kb, script, catalog, settings.kb_max_suggestions, clock, learn=settings.kb_learn_threshold)


def _knowledge_base(settings: Settings, meaning: Meaning | None) -> KnowledgeBase:
    from kb.library import KnowledgeBase
    from kb.semantic import Meaning
    from kb.threads import single_blas_thread

    single_blas_thread()
    return KnowledgeBase(
        settings.resolved_kb_dir(), min_confidence=settings.kb_min_confidence,
        meaning=Meaning.load() if meaning is None else meaning,
    )
