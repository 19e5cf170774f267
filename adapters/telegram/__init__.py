"""The Telegram adapter: customers in private chats, agents in a forum group, one topic per ticket."""

from adapters.telegram.courier import TelegramCourier
from adapters.telegram.service import TelegramLimits, TelegramService

__all__ = ["TelegramCourier", "TelegramLimits", "TelegramService"]
