"""The baseline: a bare python-telegram-bot echo bot, polling like supportbot does, no rate limiter.

    ECHO_TELEGRAM_TOKEN=... ECHO_TELEGRAM_API_URL=http://127.0.0.1:PORT/bot python -m benchmarks.chat.echo_telegram
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(update.message.text or "")


def main() -> None:
    application = (ApplicationBuilder().token(os.environ["ECHO_TELEGRAM_TOKEN"])
                   .base_url(os.environ["ECHO_TELEGRAM_API_URL"]).build())
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0, timeout=30, allowed_updates=[Update.MESSAGE])


if __name__ == "__main__":
    main()
