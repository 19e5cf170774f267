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
    entitled_contracts: str = ""  # comma-separated contract levels allowed to open tickets; empty: everyone
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

    # Triage and follow-ups
    triage_file: Path | None = None  # ticket types, products, organisations, agents' queues (docs/triage.md)
    canned_responses_dir: Path | None = None  # None: the starter canned responses shipped with supportbot
    auto_close_business_days: int = Field(default=5, ge=0)  # a resolved ticket nobody confirms closes; 0: never
    waiting_reminder_business_days: int = Field(default=3, ge=0)  # remind a requester who was asked; 0: never
    waiting_unanswered: str = "close"  # then, as long again without an answer: close, hold or nothing

    # Delivery (outbox)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_poll_seconds: float = 5.0  # the worker's safety net: commits and NOTIFY wake it at once
    turn_lanes: int = Field(default=8, ge=1)  # turns run at once, each conversation in order
    # Retention (bot.outbox.retention): an inbox row is the key that drops a redelivered event, so it
    # must outlive Telegram's 24 hours and Slack's few minutes of redelivery; cards' rows are kept.
    inbox_retention_days: float = Field(default=30.0, ge=2)
    outbox_retention_days: float = Field(default=30.0, ge=1)

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
    slack_socket_quiet_seconds: float = 60.0  # Socket Mode: no pong and no message for this long: reconnect
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
    telegram_webhook_listen: str = "127.0.0.1"  # the address the webhook listens on (behind a proxy by default)
    telegram_flood_limits: bool = True  # Telegram's published sending limits, kept per process; off: benchmarks
    telegram_api_url: str | None = None
    telegram_file_api_url: str | None = None
    # Telegram's flood limits as our limiter paces messages (0 turns one off): raise only with Telegram's consent
    telegram_messages_per_second: float = Field(default=30.0, ge=0)
    telegram_group_messages_per_minute: float = Field(default=20.0, ge=0)

    # Web desk (`supportbot web`, and `supportbot run` when web_enabled)
    web_enabled: bool = False
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    web_base_url: str = ""  # the address agents open, e.g. https://desk.example.com; empty: http://localhost:PORT
    web_leads: str = ""  # team leads / administrators, comma-separated platform:user_id (they see reports)
    web_link_minutes: int = Field(default=10, ge=1, le=24 * 60)
    web_session_hours: int = Field(default=12, ge=1, le=24 * 30)
    web_sign_in_attempts: int = Field(default=10, ge=1)  # failed sign-ins per client address per 15 minutes
    web_trust_proxy: bool = False  # take the client address from X-Forwarded-For (behind a reverse proxy)

    # Operations
    ops_host: str = "127.0.0.1"
    ops_port: int = Field(default=9464, ge=0, le=65535)  # /healthz, /readyz, /metrics; 0 turns them off
    log_format: str = "text"  # text or json (one JSON object per line)
    log_level: str = "WARNING"  # -v sets DEBUG
    outbox_ready_max_age_seconds: float = Field(default=600.0, gt=0)  # /readyz fails past this undelivered age

    def resolved_web_base_url(self) -> str:
        return (self.web_base_url or f"http://localhost:{self.web_port}").rstrip("/")

    def secrets(self) -> list[str]:
        """Every configured credential: the logs never show them (see bot.observability.logs)."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        values: list[object] = [self.slack_bot_token, self.slack_app_token, self.slack_signing_secret,
                                self.telegram_bot_token, self.telegram_webhook_secret]
        try:
            values.append(make_url(self.database_url).password)
        except ArgumentError:  # a malformed URL has no password to hide; the engine says what is wrong with it
            pass
        return [str(v) for v in values if v]

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
