"""The Telegram service: updates in through our own polling loop or webhook, answers out through the outbox.

``start()`` initialises the bot, registers the command menu, and starts the polling loop
(:mod:`adapters.telegram.polling`) or the webhook server (:mod:`adapters.telegram.webhook`);
both hand updates to the runtime's inbox and confirm them to Telegram only once stored.
``stop()`` stops receiving; the outbox worker delivers through :attr:`courier`, the only sender.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from adapters.telegram.courier import TelegramCourier
from adapters.telegram.limiter import FloodLimiter
from adapters.telegram.menu import COMMANDS
from adapters.telegram.polling import UPDATES, UpdatePoller
from adapters.telegram.router import UpdateRouter
from adapters.telegram.webhook import WebhookServer
from bot.bootstrap import SupportBot
from bot.i18n import Language, normalize_language
from bot.inbox import Receiver
from bot.messages import Platform

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TelegramLimits:
    """Outgoing flood control (Telegram's published limits; a 429 goes back to the outbox) and polling."""

    messages_per_second: float = 30  # overall; 0 turns the limit off
    group_messages_per_minute: float = 20  # per group chat; 0 turns the limit off
    poll_timeout: int = 30  # seconds a getUpdates long poll is held open
    webhook_listen: str | None = None  # None: SUPPORTBOT_TELEGRAM_WEBHOOK_LISTEN


class TelegramService:
    def __init__(self, bot: SupportBot, receiver: Receiver, limits: TelegramLimits | None = None) -> None:
        settings = bot.settings
        if not settings.telegram_bot_token:
            raise ValueError("SUPPORTBOT_TELEGRAM_BOT_TOKEN is not set")
        if settings.telegram_mode not in {"polling", "webhook"}:
            raise ValueError(f"SUPPORTBOT_TELEGRAM_MODE must be polling or webhook, not {settings.telegram_mode!r}")
        if settings.telegram_mode == "webhook" and not (settings.telegram_webhook_url and settings.telegram_webhook_secret):
            raise ValueError("webhook mode needs SUPPORTBOT_TELEGRAM_WEBHOOK_URL and SUPPORTBOT_TELEGRAM_WEBHOOK_SECRET")
        self.settings = settings
        self.limits = limits or (TelegramLimits(settings.telegram_messages_per_second,
                                                settings.telegram_group_messages_per_minute)
                                 if settings.telegram_flood_limits
                                 else TelegramLimits(messages_per_second=0, group_messages_per_minute=0))
        self.catalog = bot.catalog
        self.application = self._build()
        self.courier = TelegramCourier(self.application.bot)
        router = UpdateRouter(bot.facade, frozenset(int(chat) for chat in bot.agents_channels(Platform.TELEGRAM)))
        self.poller = UpdatePoller(self.application.bot, router, receiver.receive, self.limits.poll_timeout)
        self.webhook = WebhookServer(self.application.bot, router, receiver.receive, settings.telegram_webhook_secret or "",
                                     urlparse(str(settings.telegram_webhook_url or "")).path)
        self._polling: asyncio.Task[None] | None = None

    def _build(self) -> Application:  # type: ignore[type-arg]
        settings, limits = self.settings, self.limits
        builder = ApplicationBuilder().token(str(settings.telegram_bot_token)).updater(None).rate_limiter(
            FloodLimiter(limits.messages_per_second, limits.group_messages_per_minute)
        )
        if settings.telegram_api_url:
            builder = builder.base_url(settings.telegram_api_url)
        if settings.telegram_file_api_url:
            builder = builder.base_file_url(settings.telegram_file_api_url)
        return builder.build()

    async def start(self) -> None:
        application, settings = self.application, self.settings
        await application.initialize()
        await self._register_commands()
        if settings.telegram_mode == "webhook":
            await self.webhook.start(self.limits.webhook_listen or settings.telegram_webhook_listen,
                                     settings.telegram_webhook_port)
            await application.bot.set_webhook(str(settings.telegram_webhook_url), allowed_updates=UPDATES,
                                              secret_token=settings.telegram_webhook_secret)
        else:
            await application.bot.delete_webhook()
            self._polling = asyncio.create_task(self.poller.run(), name="telegram polling")
        me = application.bot.bot
        log.info("Telegram bot @%s started (%s)", me.username, settings.telegram_mode)

    async def open_for_sending(self) -> None:
        """Ready the courier without receiving (a worker process): the webhook or the polling stays
        with the ingress processes."""
        await self.application.initialize()

    async def health(self) -> tuple[bool, str]:
        """Whether updates reach us: the poller runs, or Telegram's webhook points here without errors."""
        receiving = self.webhook.running if self.settings.telegram_mode == "webhook" else self.poller.running
        if not receiving:
            return False, "not running"
        info = await self.application.bot.get_webhook_info()
        if self.settings.telegram_mode != "webhook":
            if info.url:
                return False, "a webhook is set: Telegram refuses polling while it is"
            return True, f"polling ({info.pending_update_count} update(s) waiting)"
        if info.url != self.settings.telegram_webhook_url:
            return False, "the webhook registered with Telegram is not this bot's URL"
        if info.last_error_date is not None and info.last_error_message:
            return False, f"Telegram's last webhook error: {info.last_error_message}"
        return True, f"webhook set ({info.pending_update_count} update(s) waiting)"

    async def stop(self) -> None:
        """Stop receiving at once: a long poll under way is cancelled (what it would have brought
        is not confirmed, so Telegram keeps it for the next start)."""
        if self._polling is not None:
            self._polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
            self._polling = None
        await self.webhook.stop()
        await self.application.shutdown()
    async def _register_commands(self) -> None:
        default = normalize_language(self.settings.default_language)
        scope = BotCommandScopeAllPrivateChats()
        menus: list[tuple[Language, str | None]] = [(Language.FR, "fr"), (Language.EN, "en"), (default, None)]
        try:
            for lang, code in menus:
                commands = [BotCommand(name, self.catalog.text(lang, f"telegram.menu.{key}")) for name, key in COMMANDS[lang]]
                await self.application.bot.set_my_commands(commands, scope=scope, language_code=code)
        except TelegramError as error:  # a missing menu is cosmetic: the bot works without it
            log.warning("could not register the Telegram command menu: %s", error)
