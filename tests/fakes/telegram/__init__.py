"""A fake Telegram Bot API for tests: see :mod:`tests.fakes.telegram.server`."""

from tests.fakes.telegram.server import BOT_USER, TOKEN, Call, FakeTelegram

__all__ = ["BOT_USER", "TOKEN", "Call", "FakeTelegram"]
