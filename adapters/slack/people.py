"""Who a Slack user is (name, language, title, time zone, e-mail), from ``users.info``, remembered
for a while, and which of the user groups that matter (listed as requesters, mapped to an
organisation) they belong to (``groups``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.groups import GroupMembers
from bot.messages import Platform, Sender

log = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 3600.0
MAX_REMEMBERED = 5000


class People:
    def __init__(
        self,
        client: AsyncWebClient,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        groups: GroupMembers | None = None,
    ) -> None:
        self.client = client
        self.groups = groups
        self.ttl = ttl_seconds
        self.clock = clock
        self._known: dict[str, tuple[float, Sender]] = {}

    async def sender(self, user_id: str) -> Sender:
        person = await self._person(user_id)
        if self.groups is None:
            return person
        return replace(person, groups=await self.groups.of(user_id))

    async def _person(self, user_id: str) -> Sender:
        now = self.clock()
        known = self._known.get(user_id)
        if known is not None and now - known[0] < self.ttl:
            return known[1]
        try:
            response = await self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            # A name is a nicety: answer anyway, and ask again next time.
            log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
            return known[1] if known else Sender(Platform.SLACK, user_id)
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        name = profile.get("real_name") or user.get("real_name") or profile.get("display_name") or user.get("name") or ""
        # The profile's title, time zone, handle and e-mail (scope users:read.email) are the
        # requester's context on the ticket, and the e-mail's domain may name their organisation.
        sender = Sender(Platform.SLACK, user_id, str(name), user.get("locale") or None,
                        title=str(profile.get("title") or ""), timezone=str(user.get("tz") or ""),
                        username=str(profile.get("display_name") or user.get("name") or ""),
                        email=str(profile.get("email") or ""))
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()
        self._known[user_id] = (now, sender)
        return sender
