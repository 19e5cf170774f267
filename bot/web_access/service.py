"""The web desk's access rules, built once from the settings (see :mod:`bot.bootstrap`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.i18n import Catalog
from bot.i18n.commands import CommandHints
from bot.lifecycle.actors import AgentRegistry
from bot.outbox.outbox import Outbox
from bot.settings import Settings
from bot.web_access.accounts import AccountBook
from bot.web_access.chat_request import SignInRequests
from bot.web_access.links import SignInLinks
from bot.web_access.sessions import WebSessions
from bot.web_access.throttle import SignInThrottle


@dataclass(frozen=True)
class WebAccess:
    accounts: AccountBook
    links: SignInLinks
    sessions: WebSessions
    throttle: SignInThrottle
    requests: SignInRequests

    @classmethod
    def from_settings(cls, settings: Settings, agents: AgentRegistry, leads: AgentRegistry, outbox: Outbox, catalog: Catalog,
                      hints: CommandHints, clock: Callable[[], datetime]) -> WebAccess:
        accounts = AccountBook(agents, leads, clock)
        links = SignInLinks(accounts, timedelta(minutes=settings.web_link_minutes), clock)
        return cls(
            accounts=accounts,
            links=links,
            sessions=WebSessions(accounts, timedelta(hours=settings.web_session_hours), clock),
            throttle=SignInThrottle(settings.web_sign_in_attempts, clock),
            requests=SignInRequests(accounts, links, outbox, catalog, hints, settings.resolved_web_base_url()),
        )
