"""The Slack baseline: a bare slack-bolt app in Socket Mode (aiohttp) that answers each message in
its thread with the same text.

    ECHO_SLACK_API_URL=http://127.0.0.1:PORT/api/ python -m benchmarks.chat.echo_slack
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


async def serve() -> None:
    client = AsyncWebClient(token="xoxb-echo", base_url=os.environ["ECHO_SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret="unused-in-socket-mode")

    @app.event("message")
    async def echo(event: dict[str, Any], say: Any) -> None:
        await say(text=event.get("text") or "", thread_ts=event.get("thread_ts") or event["ts"])

    handler = AsyncSocketModeHandler(app, app_token="xapp-echo")
    await handler.connect_async()  # type: ignore[no-untyped-call]
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(serve())
