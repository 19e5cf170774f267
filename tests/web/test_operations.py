"""The operator's endpoints: /healthz, /readyz (database, platforms, outbox, Telegram webhook),
and Prometheus metrics that move when messages flow."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from adapters.cli.run import sla_watch_for
from adapters.runner import run_platforms
from adapters.web.serving import OPS, http_servers
from bot.bootstrap import build
from bot.settings import Settings
from kb.semantic import Meaning
from tests.support.clock import FakeClock
from tests.telegram.conftest import free_port
from tests.web.conftest import Desk, fetch


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if wanted else "") + r" ([0-9.e+-]+)$"
    found = re.search(pattern, text, re.M)
    assert found is not None, f"{name} {labels} not in metrics"
    return float(found.group(1))


async def scrape(desk: Desk) -> str:
    status, body, headers = await fetch(desk.ops + "/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    return body


async def test_metrics_move_when_messages_flow_and_carry_no_personal_data(make_desk: Any) -> None:
    desk: Desk = await make_desk()
    before = await scrape(desk)
    customer = desk.person("700100201", "Camille", "Dupont")
    await customer.say("Bonjour, l'export PDF des factures plante depuis ce matin")
    after = await scrape(desk)
    assert metric(after, "supportbot_messages_received_total", platform="telegram") == \
        metric(before, "supportbot_messages_received_total", platform="telegram") + 1
    assert metric(after, "supportbot_replies_sent_total", platform="telegram") > \
        metric(before, "supportbot_replies_sent_total", platform="telegram")
    assert metric(after, "supportbot_turn_seconds_count", platform="telegram") == 1
    for answer in ["Erreur 500", "aujourd'hui", "moi", "un PDF", "une page blanche", "rien", "bloquant"]:
        await customer.say(answer)
    await customer.press("Envoyer la demande")
    await desk.deliver()  # the card and the answers: delivered as soon as their turn committed
    filed = await scrape(desk)
    assert metric(filed, "supportbot_tickets", status="new") == 1
    delivered = await scrape(desk)
    assert metric(delivered, "supportbot_outbox_messages", platform="telegram", status="pending") == 0
    assert metric(delivered, "supportbot_outbox_messages", platform="telegram", status="delivered") >= 1
    assert metric(delivered, "supportbot_outbox_oldest_pending_seconds") == 0
    for private in ("Camille", "700100201", "SUP-000001", "export"):
        assert private not in delivered


async def test_healthz_answers_and_readyz_reports_each_check(make_desk: Any) -> None:
    desk: Desk = await make_desk()
    status, body, _ = await fetch(desk.ops + "/healthz")
    assert status == 200 and json.loads(body) == {"status": "alive"}
    status, body, _ = await fetch(desk.ops + "/readyz")
    report = json.loads(body)
    assert status == 200 and report["ready"] is True
    assert report["checks"]["database"]["ok"] and report["checks"]["outbox"]["oldest_pending_seconds"] == 0


async def test_readyz_is_unready_while_an_outbox_message_waits_too_long(make_desk: Any, clock: FakeClock) -> None:
    desk: Desk = await make_desk(outbox_ready_max_age_seconds=300)
    customer = desk.person("700100201", "Camille", "Dupont")
    await customer.say("/web")  # not an agent: an answer, nothing queued
    link = await desk.sign_in_link()  # an agent: a link queued, then delivered
    assert "/signin/" in link
    with desk.bot.sessions.begin() as session:
        from bot.delivery import OutboundKind
        from bot.messages import Destination, Platform, TextReply

        desk.bot.outbox.put(session, kind=OutboundKind.REQUESTER_NOTICE,
                            destination=Destination(Platform.SLACK, "U0NOCOURIER"), replies=[TextReply("x")])
    clock.advance(seconds=301)
    status, body, _ = await fetch(desk.ops + "/readyz")
    assert status == 503 and json.loads(body)["checks"]["outbox"]["ok"] is False


class TcpProxy:
    """A TCP forwarder to the database that a test can cut (the database becomes unreachable)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._writers:
            writer.close()
        await self._server.wait_closed()
        self._writers.clear()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers += [writer, up_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


@pytest.mark.postgres
async def test_readyz_turns_unready_while_the_database_is_unreachable(
    postgres_url: str, clock: FakeClock, meaning: Meaning
) -> None:
    real = make_url(postgres_url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    await proxy.start()
    url = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    settings = Settings(_env_file=None, database_url=url, ops_host="127.0.0.1", ops_port=free_port())
    # Off the loop: the proxy that carries its connection runs in this loop.
    bot = await asyncio.to_thread(lambda: build(settings, clock=clock, meaning=meaning, with_kb=False))
    served = http_servers(bot, desk=False)
    ops = served.find(OPS)
    assert ops is not None
    await ops.start()
    probe = f"http://127.0.0.1:{ops.port}/readyz"
    try:
        assert (await fetch(probe))[0] == 200
        await proxy.cut()
        status, body, _ = await fetch(probe)
        assert status == 503 and json.loads(body)["checks"]["database"]["ok"] is False
        assert (await fetch(f"http://127.0.0.1:{ops.port}/metrics"))[0] == 503
        assert (await fetch(f"http://127.0.0.1:{ops.port}/healthz"))[0] == 200  # alive all the same
        await proxy.start()  # the database is back on the same address
        assert (await fetch(probe))[0] == 200
    finally:
        await ops.stop()
        await proxy.cut()
        await asyncio.to_thread(bot.close)


async def test_readyz_follows_the_platforms_and_the_telegram_webhook(sqlite_url: str) -> None:
    from tests.fakes.telegram import TOKEN, FakeTelegram

    fake = await FakeTelegram().start()
    port, ops_port = free_port(), free_port()
    desk_bot = build(Settings(
        _env_file=None, database_url=sqlite_url, telegram_bot_token=TOKEN,
        telegram_api_url=fake.api_url, telegram_file_api_url=fake.file_url, telegram_mode="webhook",
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/updates", telegram_webhook_secret="s3cret-hook",
        telegram_webhook_port=port, ops_host="127.0.0.1", ops_port=ops_port, outbox_poll_seconds=0.05,
    ), clock=FakeClock(), with_kb=False)
    served = http_servers(desk_bot, desk=False)
    stop = asyncio.Event()
    running = asyncio.create_task(run_platforms(desk_bot, sla_watch_for(desk_bot, "test"), stop,
                                                companions=served.servers, readiness=served.readiness))
    probe = f"http://127.0.0.1:{ops_port}/readyz"
    try:
        report = await _until(probe, lambda r: r["checks"].get("telegram", {}).get("ok"))
        assert "webhook set" in report["checks"]["telegram"]["detail"]
        fake.webhook = {"url": "https://someone-else.example/hook", "secret_token": None}  # another deployment took it
        status, body, _ = await fetch(probe)
        assert status == 503 and "not this bot's URL" in json.loads(body)["checks"]["telegram"]["detail"]
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 10) == 0
        desk_bot.close()
        await fake.stop()


async def _until(url: str, accept: Any, timeout: float = 10.0) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, body, _ = await fetch(url)
            report: dict[str, Any] = json.loads(body)
            if accept(report):
                return report
        except OSError:
            pass  # not listening yet
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{url} never became as expected")
        await asyncio.sleep(0.05)
