"""Which of the Slack user groups listed as requesters a user belongs to.

``SUPPORTBOT_SLACK_REQUESTERS`` may list user groups by id (``S0123ABCD``) or by handle
(``@support-users``). Members come from ``usergroups.users.list``, handles are resolved with
``usergroups.list``; both need the bot scope ``usergroups:read``. Answers are remembered for a
few minutes. When Slack does not answer (missing scope, unknown group, network), the group
counts as empty until the next try: access fails closed, and the log says why. With no group
listed, Slack is never asked.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

SCOPE = "usergroups:read"
DEFAULT_TTL = timedelta(minutes=5)
RETRY_AFTER_FAILURE = timedelta(seconds=30)  # soon enough to notice a fix, slow enough not to flood the log
GROUP_ID = re.compile(r"^S[A-Z0-9]{2,}$")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
HANDLE = re.compile(r"^@[a-z0-9._-]+$", re.IGNORECASE)


def listed_groups(entries: Iterable[str]) -> tuple[str, ...]:
    """The entries that name a user group, by id or @handle, in a stable order."""
    return tuple(sorted(e for e in entries if GROUP_ID.match(e) or HANDLE.match(e)))


def unrecognised(entries: Iterable[str]) -> tuple[str, ...]:
    """Entries that are neither a user id, a user-group id nor an @handle: most likely typos."""
    return tuple(sorted(e for e in entries if not (USER_ID.match(e) or GROUP_ID.match(e) or HANDLE.match(e))))


@dataclass(frozen=True)
class _Answer:
    until: datetime
    members: frozenset[str]


class GroupMembers:
    """Members of the listed user groups, asked of Slack at most once per group per ``ttl``."""

    def __init__(
        self, client: AsyncWebClient, groups: Iterable[str], clock: Callable[[], datetime], ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        self.client = client
        self.groups = tuple(groups)
        self.clock = clock
        self.ttl = ttl
        self._members: dict[str, _Answer] = {}  # by entry, as listed
        self._handles: tuple[datetime, dict[str, str]] | None = None  # until, handle -> group id
        self._lock = asyncio.Lock()  # concurrent messages wait for one refresh rather than each asking Slack

    async def of(self, user_id: str) -> frozenset[str]:
        """The listed groups (spelled as listed) that ``user_id`` belongs to."""
        if not self.groups:
            return frozenset()
        async with self._lock:
            now = self.clock()
            return frozenset([entry for entry in self.groups if user_id in await self._members_of(entry, now)])

    async def _members_of(self, entry: str, now: datetime) -> frozenset[str]:
        known = self._members.get(entry)
        if known is not None and now < known.until:
            return known.members
        group_id = entry if GROUP_ID.match(entry) else await self._group_id(entry, now)
        members: frozenset[str] = frozenset()
        until = now + RETRY_AFTER_FAILURE
        if group_id is not None:
            try:
                response = await self.client.usergroups_users_list(usergroup=group_id)
                members, until = frozenset(str(user) for user in response.get("users") or ()), now + self.ttl
            except (SlackClientError, aiohttp.ClientError, TimeoutError) as error:
                _warn("usergroups.users.list", entry, error)
        self._members[entry] = _Answer(until, members)
        return members

    async def _group_id(self, handle: str, now: datetime) -> str | None:
        if self._handles is None or now >= self._handles[0]:
            try:
                response = await self.client.usergroups_list()
                groups = response.get("usergroups") or ()
                by_handle = {str(g.get("handle", "")).lower(): str(g["id"]) for g in groups if g.get("id")}
                self._handles = (now + self.ttl, by_handle)
            except (SlackClientError, aiohttp.ClientError, TimeoutError) as error:
                _warn("usergroups.list", handle, error)
                self._handles = (now + RETRY_AFTER_FAILURE, {})
                return None
        group_id = self._handles[1].get(handle[1:].lower())
        if group_id is None:
            log.warning("SUPPORTBOT_SLACK_REQUESTERS lists %s, but no enabled Slack user group has that handle: "
                        "nobody is let in through it (use the group's id, S..., to be sure)", handle)
        return group_id


def _warn(method: str, entry: str, error: Exception) -> None:
    if isinstance(error, SlackApiError):
        reason = str(error.response.get("error") or error.response.status_code)
    else:
        reason = f"{type(error).__name__}: {error}"
    hint = f"add the bot scope {SCOPE} to the Slack app (slack/manifest.yaml) and reinstall it" \
        if reason == "missing_scope" else f"it needs the bot scope {SCOPE}"
    log.warning("Slack %s failed for user group %s (%s): its members are refused as requesters until it "
                "succeeds (next try in %d s); %s", method, entry, reason,
                RETRY_AFTER_FAILURE.total_seconds(), hint)
