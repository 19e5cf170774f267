"""Text going to Slack and coming from it.

Outbound: whatever a user wrote is shown, never interpreted. ``&``, ``<`` and ``>`` become
entities (so ``<!channel>``, ``<@U123>`` or ``<http://evil|click>`` stay text), bare
``@channel``/``@here``/``@everyone`` get a zero-width joiner after the ``@``, and mrkdwn
markers that could open bold, italics, strike or code get a zero-width space beside them.

Inbound: Slack sends its own markup (``<@U123>``, ``<url|label>``, entities); the core gets
plain text.
"""

from __future__ import annotations

import html
import re

ZWJ = "\u200d"
ZWSP = "\u200b"
ELLIPSIS = "…"

_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
# A marker opens formatting at the start of a word and closes it at the end of one:
# break both positions, leave markers inside words (snake_case, 2*3) alone.
_OPENING = re.compile(r"(^|(?<=[\s(\[{'\"]))([*_~`])(?=\S)", re.MULTILINE)
_CLOSING = re.compile(r"(?<=\S)([*_~`])(?=$|[\s.,;:!?)\]}'\"])", re.MULTILINE)
_SLACK_TOKEN = re.compile(r"<([^<>]*)>")


def neutralise_broadcasts(text: str) -> str:
    return _BROADCAST.sub(lambda m: f"@{ZWJ}{m.group(1)}", text)


def mrkdwn(text: str) -> str:
    """User text made safe for a mrkdwn field: no pings, no links, no stray formatting."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _OPENING.sub(lambda m: f"{m.group(1)}{m.group(2)}{ZWSP}", escaped)
    escaped = _CLOSING.sub(lambda m: f"{ZWSP}{m.group(1)}", escaped)
    return neutralise_broadcasts(escaped)


def plain(text: str) -> str:
    """Text for a ``plain_text`` object (button labels, headers, modal titles)."""
    return neutralise_broadcasts(text)


def unmrkdwn(text: str) -> str:
    """Reverse :func:`mrkdwn` (for texts the bot posted and Slack sends back)."""
    return html.unescape(text.replace(ZWSP, "").replace(ZWJ, ""))


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis when something was cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit * 0.6:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def split(text: str, limit: int) -> list[str]:
    """Split a long text into pieces of at most ``limit`` characters, at line ends when possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        at = rest.rfind("\n", 0, limit)
        if at < limit // 2:
            at = rest.rfind(" ", 0, limit)
        if at < limit // 2:
            at = limit
        pieces.append(rest[:at].rstrip())
        rest = rest[at:].lstrip("\n ")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def from_slack(text: str, bot_user_id: str | None = None) -> str:
    """Slack's message markup as the plain text the user meant."""

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if bot_user_id and target == f"@{bot_user_id}":
            return ""
        if target.startswith("@"):
            return "@" + (label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            name = target[1:].split("^", 1)[0]
            return label or "@" + name.removeprefix("subteam")
        return f"{label} ({target})" if label and label != target else target

    return html.unescape(_SLACK_TOKEN.sub(token, text)).strip()
