"""Long polling of our own, over the Bot API's ``getUpdates``: a batch is stored, then confirmed.

Telegram forgets updates below the ``offset`` of the next ``getUpdates``. The loop moves the
offset past a batch only once every update of it is in the inbox, so a process killed at any
moment gets the batch again on restart (what was stored already is dropped by its key).
python-telegram-bot's ``Updater.start_polling`` moves the offset as soon as a batch is queued in
memory, which is why it is not used.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, Update
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut

from adapters.telegram.courier import retry_seconds
from adapters.telegram.router import Routed, UpdateRouter
from bot.messages import InboundMessage

log = logging.getLogger(__name__)

UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
PAUSE_AFTER_ERROR = 1.0  # seconds; doubles up to PAUSE_CAP while errors go on
PAUSE_CAP = 30.0

Store = Callable[[Sequence[InboundMessage]], Awaitable[int]]


class UpdatePoller:
    def __init__(self, bot: Bot, router: UpdateRouter, store: Store, timeout: int) -> None:
        self._bot = bot
        self._router = router
        self._store = store
        self._timeout = timeout
        self.running = False

    async def run(self) -> None:
        """Poll until cancelled. Cancelling is safe at any point: what was not confirmed comes again."""
        offset: int | None = None
        pause = PAUSE_AFTER_ERROR
        self.running = True
        try:
            while True:
                try:
                    updates = await self._bot.get_updates(offset=offset, timeout=self._timeout,
                                                          read_timeout=self._timeout + 10, allowed_updates=UPDATES)
                    if updates:
                        await self._take(updates)
                        offset = updates[-1].update_id + 1
                    pause = PAUSE_AFTER_ERROR
                except TimedOut:
                    continue
                except RetryAfter as error:
                    await asyncio.sleep(retry_seconds(error))
                except (NetworkError, TelegramError) as error:
                    log.warning("getUpdates failed (%s); again in %.0fs", error, pause)
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, PAUSE_CAP)
                except Exception:  # the database, say: the batch is not confirmed, it comes again
                    log.exception("could not store a batch of Telegram updates; again in %.0fs", pause)
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, PAUSE_CAP)
        finally:
            self.running = False

    async def _take(self, updates: Sequence[Update]) -> None:
        routed = [await self._router.route(update, self._bot) for update in updates]
        messages = [r.message for r in routed if r.message is not None]
        await self._store(messages)
        for item in routed:
            await acknowledge(self._bot, item)


async def acknowledge(bot: Bot, routed: Routed) -> None:
    """What an update not stored still gets, once: a notice, or a callback answer (best effort)."""
    try:
        if routed.notice is not None:
            message, text = routed.notice
            await bot.send_message(message.chat_id, text)
        elif routed.unanswered_press is not None:
            await bot.answer_callback_query(routed.unanswered_press)
    except TelegramError as error:
        log.info("could not acknowledge an update the desk does not handle: %s", error)

