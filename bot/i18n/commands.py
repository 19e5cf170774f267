"""How a person types one of our commands on their platform, for the texts that tell them to.

Slack keeps every message that starts with "/" for its own commands: a requester reaches ours
through the app's own command (``/support statut SUP-000042``) and agents start theirs with
"!" (``!reply``). Elsewhere a command is "/word"; the agents' console takes bare words. Texts
in the catalog write ``{cmd}`` where the prefix goes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.messages import Platform

SLASH = "/"


@dataclass(frozen=True)
class CommandHints:
    requester_prefixes: Mapping[Platform, str] = field(default_factory=dict)
    agent_prefixes: Mapping[Platform, str] = field(default_factory=dict)

    def requester(self, platform: Platform) -> str:
        return self.requester_prefixes.get(platform, SLASH)

    def agent(self, platform: Platform) -> str:
        return self.agent_prefixes.get(platform, SLASH)
