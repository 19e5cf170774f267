"""The fake Slack and Telegram a crowd talks through, and the settings that point the bot at them."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.faults import FaultPlan
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.fakes.telegram.flood import FloodControl

AGENTS_CHAT = -1001555000111  # the agents' forum supergroup on Telegram
SUPPORT_CHANNEL = "C0SUPPORT1"
AGENTS_CHANNEL = "C0AGENTS01"
# Start-up calls spared by the faults: a bot that cannot start is another test.
SPARED = frozenset({"getMe", "deleteWebhook", "setMyCommands", "auth.test", "apps.connections.open"})


@dataclass
class Platforms:
    telegram: FakeTelegram | None = None
    slack: FakeSlack | None = None

    @classmethod
    async def start(cls, *, telegram: bool, slack: bool, telegram_faults: FaultPlan | None = None,
                    slack_faults: FaultPlan | None = None, flood: FloodControl | None = None) -> Platforms:
        platforms = cls()
        try:
            if telegram:
                platforms.telegram = await FakeTelegram(faults=telegram_faults, flood=flood).start()
                platforms.telegram.add_group(AGENTS_CHAT, forum=True)
            if slack:
                platforms.slack = FakeSlack(faults=slack_faults)
                await platforms.slack.start()
        except BaseException:
            await platforms.stop()
            raise
        return platforms

    async def stop(self) -> None:
        if self.telegram is not None:
            await self.telegram.stop()
        if self.slack is not None:
            await self.slack.stop()

    def bot_settings(self, database_url: str) -> dict[str, str]:
        """``SUPPORTBOT_*`` variables for ``supportbot run`` against these fakes."""
        settings = {
            "SUPPORTBOT_DATABASE_URL": database_url,
            "SUPPORTBOT_OPS_PORT": "0",  # several campaigns may run at once on one machine
            "SUPPORTBOT_MESSAGES_PER_MINUTE": "0",
            "SUPPORTBOT_TICKETS_PER_DAY": "0",
            "SUPPORTBOT_LOG_LEVEL": "WARNING",
        }
        if self.telegram is not None:
            settings |= {
                "SUPPORTBOT_TELEGRAM_BOT_TOKEN": TOKEN,
                "SUPPORTBOT_TELEGRAM_API_URL": self.telegram.api_url,
                "SUPPORTBOT_TELEGRAM_FILE_API_URL": self.telegram.file_url,
                "SUPPORTBOT_TELEGRAM_AGENTS_CHAT_ID": str(AGENTS_CHAT),
            }
        if self.slack is not None:
            settings |= {
                "SUPPORTBOT_SLACK_BOT_TOKEN": "xoxb-test",
                "SUPPORTBOT_SLACK_APP_TOKEN": "xapp-test",
                "SUPPORTBOT_SLACK_API_URL": self.slack.api_url,
                "SUPPORTBOT_SLACK_SUPPORT_CHANNEL": SUPPORT_CHANNEL,
                "SUPPORTBOT_SLACK_AGENTS_CHANNEL": AGENTS_CHANNEL,
            }
        return settings
