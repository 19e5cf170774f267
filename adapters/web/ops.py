"""The operator's endpoints, on their own port: ``/healthz``, ``/readyz``, ``/metrics``.

No session here (probes and Prometheus have none), and nothing personal either: readiness
names checks and ages, metrics carry no person, ticket or text in their labels. Bind it to
a private address (127.0.0.1 by default).
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from adapters.web.metrics import CONTENT_TYPE, Metrics
from bot.observability.health import Readiness

READINESS = web.AppKey("readiness", Readiness)
METRICS = web.AppKey("metrics", Metrics)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "alive"})


async def readyz(request: web.Request) -> web.Response:
    report = await request.app[READINESS].report()
    return web.Response(text=json.dumps(report.as_dict(), indent=2), status=200 if report.ready else 503,
                        content_type="application/json")


async def metrics(request: web.Request) -> web.Response:
    try:
        body = await asyncio.to_thread(request.app[METRICS].exposition)
    except Exception as error:  # noqa: BLE001 - the database is down: say so, Prometheus marks the scrape failed
        return web.Response(text=f"metrics unavailable: {type(error).__name__}\n", status=503)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


def make_ops_app(readiness: Readiness, registry: Metrics) -> web.Application:
    app = web.Application()
    app[READINESS] = readiness
    app[METRICS] = registry
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app
