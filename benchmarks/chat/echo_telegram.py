"""The baseline: a bare python-telegram-bot echo bot, polling like supportbot does, no rate limiter
(``ECHO_TELEGRAM_RATE_LIMITER=1``: PTB's ``AIORateLimiter`` with Telegram's limits, as supportbot has).

    ECHO_TELEGRAM_TOKEN=... ECHO_TELEGRAM_API_URL=http://127.0.0.1:PORT/bot python -m benchmarks.chat.echo_telegram
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(update.message.text or "")


def main() -> None:
    builder = ApplicationBuilder().token(os.environ["ECHO_TELEGRAM_TOKEN"]).base_url(os.environ["ECHO_TELEGRAM_API_URL"])
    if os.environ.get("ECHO_TELEGRAM_RATE_LIMITER") == "1":
        rate = float(os.environ.get("ECHO_TELEGRAM_MESSAGES_PER_SECOND", "30"))
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=rate, group_max_rate=20, max_retries=3))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0, timeout=30, allowed_updates=[Update.MESSAGE])


if __name__ == "__main__":
    main()
