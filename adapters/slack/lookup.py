"""Find a message an earlier attempt posted though its answer never reached us.

Slack keeps message metadata: every part the courier posts carries
``{"event_type": "supportbot_delivery", "event_payload": {"key": <outbox item>, "part": n}}``.
When a delivery is tried again, a part not known to be posted is first looked for in the
channel (``conversations.history``) or the thread (``conversations.replies``): found, it is
kept instead of posted twice. One read per retried part, never on a first attempt. A lookup
that fails (a missing ``*:history`` scope, a rate limit) falls back to posting: a possible
duplicate rather than a lost message.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

EVENT_TYPE = "supportbot_delivery"
LOOKBACK = 100  # messages read: a retry comes within minutes, in a channel of a help desk


def metadata(key: str, part: int) -> dict[str, Any]:
    return {"event_type": EVENT_TYPE, "event_payload": {"key": key, "part": part}}


async def posted_before(client: AsyncWebClient, channel: str, thread: str | None, key: str, part: int) -> str | None:
    """The ts of part ``part`` of delivery ``key`` if Slack has it, else ``None``."""
    try:
        if thread is None:
            response = await client.conversations_history(channel=channel, limit=LOOKBACK, include_all_metadata=True)
        else:
            response = await client.conversations_replies(channel=channel, ts=thread, limit=LOOKBACK,
                                                          include_all_metadata=True)
    except SlackApiError as error:
        log.warning("could not look for an earlier attempt's message in %s (%s): posting it",
                    channel, error.response.get("error"))
        return None
    for message in response.get("messages") or []:
        found = message.get("metadata") or {}
        payload = found.get("event_payload") or {}
        if found.get("event_type") == EVENT_TYPE and payload.get("key") == key and payload.get("part") == part:
            return str(message["ts"])
    return None
