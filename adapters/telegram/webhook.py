"""The webhook: Telegram posts each update; we answer 200 only once it is stored.

The secret header is checked first, and the body's size is bounded before a byte of it is
read (``MAX_BODY`` by its Content-Length, then while reading for chunked bodies): anybody can
post to the URL, and the process must not read whatever they send into memory. Any answer but
200 makes Telegram send the update again later.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Bot, Update

from adapters.telegram.polling import Store, acknowledge
from adapters.telegram.router import UpdateRouter

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # bytes: Telegram's updates are a few kilobytes

class WebhookServer:
    def __init__(self, bot: Bot, router: UpdateRouter, store: Store, secret: str, path: str) -> None:
        self._bot = bot
        self._router = router
        self._store = store
        self._secret = secret.encode()
        self._path = "/" + path.lstrip("/")
        self._runner: web.AppRunner | None = None

    async def start(self, host: str, port: int) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        log.info("Telegram webhook listening on %s:%s%s", host, port, self._path)

    @property
    def running(self) -> bool:
        return self._runner is not None

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self._secret):
            return web.Response(status=403)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413)
        body = await request.content.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return web.Response(status=413)
        try:
            update = Update.de_json(json.loads(body), self._bot)
        except (ValueError, TypeError, KeyError) as error:
            log.warning("webhook body is not a Telegram update: %s", error)
            return web.Response(status=400)
        routed = await self._router.route(update, self._bot)
        if routed.message is not None:
            await self._store([routed.message])  # raises: 500, and Telegram sends it again
        await acknowledge(self._bot, routed)
        return web.Response(status=200)
