"""The Slack service: the Bolt app connected in Socket Mode (default) or served over HTTP.

    service = SlackService(bot, runtime)     # events stored in the runtime's inbox, then acknowledged
    runtime.add_courier(service.courier)     # every message out: answers, cards, notices
    await service.start()
    ...
    await service.stop()
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from adapters.slack.app import make_bolt_app, make_client
from adapters.slack.courier import Poster, SlackCourier
from adapters.slack.dialogue import Dialogue
from adapters.slack.events import MessageEvents
from adapters.slack.groups import GroupMembers, listed_groups, unrecognised
from adapters.slack.interactions import Interactions
from adapters.slack.people import People
from adapters.slack.watchdog import SocketWatchdog
from bot.bootstrap import SupportBot
from bot.inbox import Receiver
from bot.lifecycle.access import listed_entries
from bot.messages import Platform
from bot.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SlackService:
    def __init__(self, bot: SupportBot, receiver: Receiver, *, http_host: str = "0.0.0.0") -> None:
        settings = bot.settings
        _check(settings)
        self.bot = bot
        self.settings = settings
        self.client = make_client(settings)
        self.poster = Poster(self.client)
        self.courier = SlackCourier(self.poster)
        requesters = listed_entries(settings.slack_requesters)
        for entry in unrecognised(requesters):
            log.warning("SUPPORTBOT_SLACK_REQUESTERS lists %r, which is neither a Slack user id (U...), a user "
                        "group id (S...) nor a group @handle: nobody is let in through it", entry)
        # Members of the groups listed as requesters, and of those mapped to an organisation.
        groups = tuple(sorted({*listed_groups(requesters), *bot.organisation_slack_groups()}))
        people = People(self.client, groups=GroupMembers(self.client, groups, bot.clock))
        dialogue = Dialogue(bot.facade, self.poster, receiver)
        events = MessageEvents(dialogue, people, settings, bot.agents_channels(Platform.SLACK))
        self.app = make_bolt_app(self.client, settings, events, Interactions(dialogue, people, settings))
        self.http_host = http_host
        self.http_port: int | None = None  # the port actually bound, in HTTP mode
        self._socket: AsyncSocketModeHandler | None = None
        self._watchdog: SocketWatchdog | None = None
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        if self.settings.slack_mode == "socket":
            self._socket = AsyncSocketModeHandler(self.app, app_token=self.settings.slack_app_token)
            self._watchdog = SocketWatchdog(self._socket.client, self.settings.slack_socket_quiet_seconds)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            self._watchdog.start()
            log.info("Slack connected in Socket Mode")
            return
        self._runner = web.AppRunner(self.app.web_app(path=EVENTS_PATH, port=self.settings.slack_http_port))
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.http_host, self.settings.slack_http_port)
        await site.start()
        self.http_port = _bound_port(self._runner, self.settings.slack_http_port)
        log.info("Slack events served on http://%s:%s%s", self.http_host, self.http_port, EVENTS_PATH)

    async def open_for_sending(self) -> None:
        """Ready the courier without receiving (a worker process): its Web API client needs nothing more."""

    async def health(self) -> tuple[bool, str]:
        """Whether Slack can reach us: the Socket Mode connection is up, or the HTTP endpoint listens."""
        if self._socket is not None:
            connected = bool(await self._socket.client.is_connected())
            return connected, "Socket Mode connected" if connected else "Socket Mode disconnected"
        if self._runner is not None:
            return True, f"events endpoint on port {self.http_port}"
        return False, "not started"

    async def stop(self) -> None:
        if self._watchdog is not None:
            await self._watchdog.stop()
            self._watchdog = None
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def _check(settings: Settings) -> None:
    missing = []
    if not settings.slack_bot_token:
        missing.append("SUPPORTBOT_SLACK_BOT_TOKEN")
    if settings.slack_mode == "socket" and not settings.slack_app_token:
        missing.append("SUPPORTBOT_SLACK_APP_TOKEN (Socket Mode)")
    if settings.slack_mode == "http" and not settings.slack_signing_secret:
        missing.append("SUPPORTBOT_SLACK_SIGNING_SECRET (HTTP mode)")
    if settings.slack_mode not in {"socket", "http"}:
        raise ValueError(f"SUPPORTBOT_SLACK_MODE must be 'socket' or 'http', not {settings.slack_mode!r}")
    if missing:
        raise ValueError("Slack is not configured: set " + ", ".join(missing))


def _bound_port(runner: web.AppRunner, wanted: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return wanted
