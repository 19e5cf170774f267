"""Every setting, read from the environment (prefix ``SUPPORTBOT_``) or a ``.env`` file.

This is the only module that reads the environment. ``.env.example`` documents each one.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SUPPORTBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        env_ignore_empty=True,  # an empty line copied from .env.example means "the default"
    )

    # Storage
    database_url: str = "sqlite:///var/supportbot.db"

    # Conversation
    default_language: str = "fr"
    intake_questions_file: Path | None = None
    max_message_chars: int = Field(default=4000, ge=100)
    max_attachments: int = Field(default=10, ge=0)
    ticket_prefix: str = "SUP"

    # Agents and who may open tickets
    agents: str = "console:agent"  # comma-separated platform:user_id of support agents
    agents_language: str = "fr"
    slack_requesters: str = "*"  # "*" (everyone) or comma-separated Slack user ids, user-group ids (S...) or @handles
    telegram_requesters: str = "*"  # "*", "linked" (customers who linked a code) or user ids
    console_requesters: str = "*"
    reopen_days: int = Field(default=14, ge=0)
    tickets_per_day: int = Field(default=10, ge=0)  # per requester; 0 = no limit
    messages_per_minute: int = Field(default=30, ge=0)  # per requester; 0 = no limit

    # Business hours and SLA
    business_timezone: str = "Europe/Paris"
    business_days: str = "mon-fri"
    business_hours: str = "09:00-18:00"
    holidays_country: str = "FR"
    holidays_subdivision: str | None = None
    closed_dates: str = ""
    sla_targets: str = ""  # e.g. "blocking=ack:4h,first:1d,final:2d"
    sla_check_interval_seconds: float = 60.0

    # Delivery (outbox)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_poll_seconds: float = 1.0

    # Knowledge base
    kb_dir: Path | None = None  # None: the starter knowledge base shipped with supportbot
    kb_min_confidence: float | None = None
    kb_learn_threshold: bool = True  # move the threshold with Solved / Not this (bot.suggestions.threshold)
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
