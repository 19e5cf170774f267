"""Who acts on a ticket, and who is an agent (by configuration)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.messages import Platform, Sender


class ActorKind(str, enum.Enum):
    REQUESTER = "requester"
    AGENT = "agent"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who acts: an agent or a requester (a person on a platform), or supportbot itself."""

    kind: ActorKind
    platform: Platform | None = None
    user_id: str = ""
    name: str = ""

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM, name="supportbot")

    @classmethod
    def of(cls, kind: ActorKind, sender: Sender) -> Actor:
        return cls(kind, sender.platform, sender.user_id, sender.display_name or sender.user_id)

    @property
    def key(self) -> str:
        """``platform:user_id`` (``slack:U024BE7LH``), as the audit trail and the settings name people."""
        return f"{self.platform.value}:{self.user_id}" if self.platform and self.user_id else ""


class AgentRegistry:
    """Agents (and team leads) are listed in the settings as ``platform:user_id`` (``slack:U024BE7LH``)."""

    def __init__(self, entries: str, setting: str = "SUPPORTBOT_AGENTS") -> None:
        self._agents: set[tuple[str, str]] = set()
        for entry in (e.strip() for e in entries.split(",")):
            if not entry:
                continue
            platform, sep, user_id = entry.partition(":")
            valid = {p.value for p in Platform}
            if not sep or platform not in valid or not user_id:
                raise ValueError(
                    f"{setting} entry {entry!r} must look like platform:user_id, platform one of {sorted(valid)}"
                )
            self._agents.add((platform, user_id))

    def is_agent(self, platform: Platform, user_id: str) -> bool:
        return (platform.value, user_id) in self._agents
