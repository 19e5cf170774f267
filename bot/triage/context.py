"""What the platform says about a requester (job title, time zone, locale, username, e-mail),
kept on the ticket as it was when it was filed: the technician "gets the configuration at once"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from bot.messages import Sender
from bot.text import clean_name

_LIMITS = {"title": 200, "timezone": 64, "locale": 16, "username": 128, "email": 254}


@dataclass(frozen=True)
class RequesterContext:
    title: str = ""  # Slack profile's title ("Comptable")
    timezone: str = ""  # an IANA zone ("Europe/Paris")
    locale: str = ""  # the platform's locale or language code ("fr-FR", "fr")
    username: str = ""  # Telegram's @username, Slack's handle
    email: str = ""  # Slack profile's e-mail (scope users:read.email)
    groups: tuple[str, ...] = ()  # the platform groups that matter they belong to (an organisation's Slack user group)

    @classmethod
    def of(cls, sender: Sender) -> RequesterContext:
        """The sender's context, cleaned to one line each and cut to the columns' sizes."""
        values = {"title": sender.title, "timezone": sender.timezone, "locale": sender.locale or "",
                  "username": sender.username, "email": sender.email}
        cleaned = {name: clean_name(value, _LIMITS[name]) for name, value in values.items()}
        return cls(**cleaned, groups=tuple(sorted(sender.groups)))

    def as_record(self) -> dict[str, Any]:
        return {name: list(value) if name == "groups" else value for name, value in asdict(self).items() if value}

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | None) -> RequesterContext:
        record = record or {}
        groups = record.get("groups")
        return cls(**{name: str(record.get(name) or "") for name in _LIMITS},
                   groups=tuple(str(g) for g in groups) if isinstance(groups, list) else ())

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2].lower() if "@" in self.email else ""

    def summary(self) -> str:
        """One line for a card: "Comptable · Europe/Paris · fr-FR · @camille · camille@acme.fr"."""
        handle = f"@{self.username.lstrip('@')}" if self.username else ""
        return " · ".join(part for part in (self.title, self.timezone, self.locale, handle, self.email) if part)
