"""The Bolt app and its Web API client, wired to the adapter's listeners."""

from __future__ import annotations

import re

from slack_bolt.app.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ASK, ASK_OPTIONAL, FORM, PRESS
from adapters.slack.events import MessageEvents
from adapters.slack.forms import RECAP_FORM, TEXT_FORM
from adapters.slack.interactions import Interactions
from bot.settings import Settings

COMMAND = "/support"
RATE_LIMIT_RETRIES = 3


def make_client(settings: Settings) -> AsyncWebClient:
    base_url = settings.slack_api_url or AsyncWebClient.BASE_URL
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=base_url.rstrip("/") + "/")
    # 429s wait Retry-After and try again, in listeners and in the courier alike.
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    client.retry_handlers.append(AsyncServerErrorRetryHandler(max_retry_count=1))
    return client


def make_bolt_app(client: AsyncWebClient, settings: Settings, events: MessageEvents, interactions: Interactions) -> AsyncApp:
    over_http = settings.slack_mode == "http"
    app = AsyncApp(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=over_http,
        # The ack goes out when the listener returns, and the listener returns once the event is
        # stored in the inbox (well within Slack's 3 s): nothing acknowledged is lost.
        process_before_response=True,
    )
    app.event("message")(events.on_message)
    app.event("app_mention")(events.on_mention)
    kinds = "|".join(re.escape(kind) for kind in (PRESS, ASK, ASK_OPTIONAL, FORM))
    app.action(re.compile(rf"^({kinds})\."))(interactions.on_action)
    app.view(RECAP_FORM)(interactions.on_recap_form)
    app.view(TEXT_FORM)(interactions.on_text_form)
    app.command(COMMAND)(interactions.on_command)
    return app
