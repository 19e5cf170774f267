"""The Telegram service: python-telegram-bot wired to the desk, started inside a shared event loop.

The runner owns the loop (Slack may run beside us), so this never calls ``run_polling``:
``start()`` initialises the application, registers the command menu, and starts long
polling or the webhook server; ``stop()`` undoes it in reverse order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from adapters.telegram.courier import TelegramCourier
from adapters.telegram.menu import COMMANDS
from adapters.telegram.router import UpdateRouter
from bot.bootstrap import SupportBot
from bot.i18n import Language, normalize_language
from bot.messages import Platform

log = logging.getLogger(__name__)

UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


@dataclass(frozen=True)
class TelegramLimits:
    """Outgoing flood control (Telegram's published limits) and how often a 429 is retried."""

    messages_per_second: float = 30  # overall; 0 turns the limit off
    group_messages_per_minute: float = 20  # per group chat; 0 turns the limit off
    max_retries: int = 3  # after a 429, wait ``retry_after`` and try again this many times
    poll_timeout: int = 30  # seconds a getUpdates long poll is held open
    webhook_listen: str = "0.0.0.0"


class TelegramService:
    def __init__(self, bot: SupportBot, limits: TelegramLimits | None = None) -> None:
        settings = bot.settings
        if not settings.telegram_bot_token:
            raise ValueError("SUPPORTBOT_TELEGRAM_BOT_TOKEN is not set")
        if settings.telegram_mode not in {"polling", "webhook"}:
            raise ValueError(f"SUPPORTBOT_TELEGRAM_MODE must be polling or webhook, not {settings.telegram_mode!r}")
        if settings.telegram_mode == "webhook" and not (settings.telegram_webhook_url and settings.telegram_webhook_secret):
            raise ValueError("webhook mode needs SUPPORTBOT_TELEGRAM_WEBHOOK_URL and SUPPORTBOT_TELEGRAM_WEBHOOK_SECRET")
        self.settings = settings
        self.limits = limits or TelegramLimits()
        self.catalog = bot.catalog
        self.application = self._build(bot)
        self.courier = TelegramCourier(self.application.bot)

    def _build(self, bot: SupportBot) -> Application:  # type: ignore[type-arg]
        settings, limits = self.settings, self.limits
        builder = ApplicationBuilder().token(str(settings.telegram_bot_token)).rate_limiter(
            AIORateLimiter(
                overall_max_rate=limits.messages_per_second,
                group_max_rate=limits.group_messages_per_minute,
                max_retries=limits.max_retries,
            )
        )
        if settings.telegram_api_url:
            builder = builder.base_url(settings.telegram_api_url)
        if settings.telegram_file_api_url:
            builder = builder.base_file_url(settings.telegram_file_api_url)
        application = builder.build()
        router = UpdateRouter(bot.facade, frozenset(int(chat) for chat in bot.agents_channels(Platform.TELEGRAM)))
        application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, router.on_message))
        application.add_handler(CallbackQueryHandler(router.on_callback))
        application.add_error_handler(router.on_error)
        return application

    async def start(self) -> None:
        application, settings = self.application, self.settings
        await application.initialize()
        await self._register_commands()
        await application.start()
        assert application.updater is not None
        if settings.telegram_mode == "webhook":
            url = str(settings.telegram_webhook_url)
            await application.updater.start_webhook(
                listen=self.limits.webhook_listen,
                port=settings.telegram_webhook_port,
                url_path=urlparse(url).path.lstrip("/"),
                webhook_url=url,
                secret_token=settings.telegram_webhook_secret,
                allowed_updates=UPDATES,
            )
        else:
            await application.updater.start_polling(poll_interval=0, timeout=self.limits.poll_timeout, allowed_updates=UPDATES)
        me = application.bot.bot
        log.info("Telegram bot @%s started (%s)", me.username, settings.telegram_mode)

    async def health(self) -> tuple[bool, str]:
        """Whether updates reach us: the poller runs, or Telegram's webhook points here without errors."""
        application = self.application
        updater = application.updater
        if not application.running or updater is None or not updater.running:
            return False, "not running"
        info = await application.bot.get_webhook_info()
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
        application = self.application
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

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
