"""The app manifest people create the Slack app from matches what the adapter listens to and calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adapters.slack.app import COMMAND

MANIFEST = Path(__file__).parents[2] / "slack" / "manifest.yaml"


def load() -> dict[str, Any]:
    return dict(yaml.safe_load(MANIFEST.read_text(encoding="utf-8")))


def test_manifest_declares_what_the_adapter_needs() -> None:
    manifest = load()
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True and settings["interactivity"]["is_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention", "message.channels", "message.groups", "message.im",
    }
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    # chat.postMessage/postEphemeral/update, conversations.open, users.info, history events,
    # usergroups.list/usergroups.users.list (user groups as requesters or organisations), the
    # profile's e-mail (an organisation's domain).
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "channels:history", "groups:history", "im:history", "im:write",
        "chat:write", "commands", "users:read", "users:read.email", "usergroups:read",
    }
