"""slack_sdk's own retries, minus those that would post a message twice.

A connection cut or a 500 after Slack carried out ``chat.postMessage`` looks like a call that
never arrived; slack_sdk's handlers would send it again at once, and Slack would show it twice.
Posting calls are therefore retried by the outbox instead, which first looks for what the lost
attempt posted (:mod:`adapters.slack.lookup`). Everything else (reads, ``chat.update``, which
sets the same content twice) keeps slack_sdk's retries; 429s are retried everywhere, since
Slack did nothing.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest

NOT_IDEMPOTENT = ("chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage")


def _posts(request: HttpRequest) -> bool:
    return request.url.split("?")[0].endswith(NOT_IDEMPOTENT)


class _ConnectionErrors(AsyncConnectionErrorRetryHandler):
    async def _can_retry_async(self, *, request: HttpRequest, **rest: Any) -> bool:
        return not _posts(request) and await super()._can_retry_async(request=request, **rest)


class _ServerErrors(AsyncServerErrorRetryHandler):
    async def _can_retry_async(self, *, request: HttpRequest, **rest: Any) -> bool:
        return not _posts(request) and await super()._can_retry_async(request=request, **rest)


def retry_handlers(rate_limit_retries: int) -> list[AsyncRetryHandler]:
    return [_ConnectionErrors(), AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
            _ServerErrors(max_retry_count=1)]
