"""Serving an aiohttp application inside the process's event loop, beside the bots.

    server = HttpServer(make_web_app(bot), "127.0.0.1", 8080, "web desk")
    await server.start()   # server.port is the port bound (useful with port 0)
    ...
    await server.stop()
"""

from __future__ import annotations

import logging

from aiohttp import web

log = logging.getLogger(__name__)


class HttpServer:
    def __init__(self, app: web.Application, host: str, port: int, name: str) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.name = name
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                self.port = int(address[1])
                break
        log.warning("%s listening on http://%s:%s", self.name, self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
