"""The Telegram adapter: customers in private chats, agents in a forum group, one topic per ticket."""

from adapters.telegram.service import TelegramLimits, TelegramService
from adapters.telegram.courier import TelegramCourier

__all__ = ["TelegramCourier", "TelegramLimits", "TelegramService"]
