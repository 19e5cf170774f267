"""Every setting, read from the environment (prefix ``SUPPORTBOT_``) or a ``.env`` file.

This is the only module that reads the environment. ``.env.example`` documents each one.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SUPPORTBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Storage
    database_url: str = "sqlite:///var/supportbot.db"

    # Conversation
    default_language: str = "fr"
    intake_questions_file: Path | None = None
    max_message_chars: int = Field(default=4000, ge=100)
    max_attachments: int = Field(default=10, ge=0)
    ticket_prefix: str = "SUP"

    # Knowledge base
    kb_dir: Path | None = None  # None: the starter knowledge base shipped with supportbot
    kb_min_confidence: float | None = None
    kb_max_suggestions: int = Field(default=3, ge=0, le=10)

    # Slack
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_mode: str = "socket"
    slack_http_port: int = 3000
    slack_support_channel: str | None = None
    slack_agents_channel: str | None = None
    slack_api_url: str | None = None
    slack_max_file_bytes: int = 50 * 1024 * 1024

    # Telegram
    telegram_bot_token: str | None = None
    telegram_agents_chat_id: str | None = None
    telegram_mode: str = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_port: int = 8443
    telegram_api_url: str | None = None
    telegram_file_api_url: str | None = None
    telegram_messages_per_minute: int = 20
    telegram_tickets_per_day: int = 10

    def resolved_kb_dir(self) -> Path:
        if self.kb_dir is not None:
            return self.kb_dir
        import kb

        return Path(kb.__file__).parent / "articles"

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def telegram_configured(self) -> bool:
        return bool(self.telegram_bot_token)
