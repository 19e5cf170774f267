"""Logging for the whole process: plain text or JSON lines, and never a secret.

Every record reaching the root handler (ours and the libraries': slack_sdk logs request bodies
and headers at debug level, httpx logs the Telegram URL, which holds the bot token; aiohttp logs
request paths, which hold sign-in links) is formatted, then scrubbed: the configured secrets by
value, and anything shaped like a token by pattern, including text nobody configured here.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

MASK = "[redacted]"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"xox[a-z]-[A-Za-z0-9-]+"), MASK),  # Slack bot / user / config tokens
    (re.compile(r"xapp-[A-Za-z0-9-]+"), MASK),  # Slack app-level token
    (re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}"), MASK),  # a Telegram bot token
    (re.compile(r"(/bot)[^/\s'\"]+(/)"), rf"\1{MASK}\2"),  # the token inside a Bot API URL
    (re.compile(r"([?&]ticket=)[^&\s'\"]+"), rf"\1{MASK}"),  # Slack Socket Mode connection ticket
    (re.compile(r"(/signin/)[A-Za-z0-9_-]{16,}"), rf"\1{MASK}"),  # web desk sign-in links
    (re.compile(r"(supportbot_session=)[^;\s'\"]+"), rf"\1{MASK}"),  # the web desk's session cookie
    (re.compile(r"(?i)(bearer\s+)[^\s'\",}]+"), rf"\1{MASK}"),
    (re.compile(r"(?i)(secret[_-]?token['\"]?\s*[:=]\s*['\"]?)[^'\"&\s,}]+"), rf"\1{MASK}"),
    (re.compile(r"(?i)(x-slack-signature['\"]?\s*[:=]\s*['\"]?)[^'\"&\s,}]+"), rf"\1{MASK}"),
    (re.compile(r"(://[^:/\s@'\"]+:)[^@\s/'\"]+(@)"), rf"\1{MASK}\2"),  # password in a URL
)


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so that a secret containing another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


class RedactingFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor(super().format(record))


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, exception."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redactor(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = self.redactor(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = self.redactor(record.exc_text)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(
    *, level: str | int = logging.WARNING, json_lines: bool = False, secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send every logger's records to ``stream`` (stderr), redacted; replaces earlier handlers."""
    redactor = Redactor(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLinesFormatter(redactor) if json_lines else RedactingFormatter(redactor))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return handler
