"""No token or secret in any log line, at any level: the real ``supportbot -v run`` with Slack
(Socket Mode), Telegram (webhook) and the web desk, against the fakes, with traffic that makes
the libraries log their requests; then every captured line is searched for every secret."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from pathlib import Path

import aiohttp

from bot.observability.logs import MASK, JsonLinesFormatter, Redactor
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import Customer, free_port

TELEGRAM_TOKEN = "7012345678:AAHfakeButRealLookingTelegramTokenX1"
WEBHOOK_SECRET = "hook-secret-5f1c2e9a7b"
SLACK_BOT = "xoxb-1234567890-0987654321-FakeSlackBotTokenValue"
SLACK_APP = "xapp-1-A0FAKE-1234567890-FakeSlackAppLevelTokenValue"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
AGENT = 900300400
AGENTS_CHAT = -1001987654321


async def _until(check, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not (result := await check()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.1)
    return result


async def test_verbose_logs_of_a_running_bot_hold_no_secret(tmp_path: Path) -> None:
    slack = FakeSlack(users={})
    await slack.start()
    telegram = await FakeTelegram(token=TELEGRAM_TOKEN).start()
    telegram.add_group(AGENTS_CHAT, forum=True)
    hook, web, ops = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_") and "PROXY" not in k.upper()}
    env.update({
        "PYTHONPATH": str(Path(__file__).parents[2]), "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "SUPPORTBOT_SLACK_BOT_TOKEN": SLACK_BOT, "SUPPORTBOT_SLACK_APP_TOKEN": SLACK_APP,
        "SUPPORTBOT_SLACK_SIGNING_SECRET": SIGNING, "SUPPORTBOT_SLACK_API_URL": slack.api_url,
        "SUPPORTBOT_SLACK_AGENTS_CHANNEL": "C0AGENTS01",
        "SUPPORTBOT_TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "SUPPORTBOT_TELEGRAM_API_URL": telegram.api_url,
        "SUPPORTBOT_TELEGRAM_FILE_API_URL": telegram.file_url, "SUPPORTBOT_TELEGRAM_MODE": "webhook",
        "SUPPORTBOT_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{hook}/telegram/updates",
        "SUPPORTBOT_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "SUPPORTBOT_TELEGRAM_WEBHOOK_PORT": str(hook),
        "SUPPORTBOT_TELEGRAM_AGENTS_CHAT_ID": str(AGENTS_CHAT), "SUPPORTBOT_AGENTS": f"telegram:{AGENT}",
        "SUPPORTBOT_WEB_ENABLED": "true", "SUPPORTBOT_WEB_PORT": str(web),
        "SUPPORTBOT_WEB_BASE_URL": f"http://127.0.0.1:{web}", "SUPPORTBOT_OPS_PORT": str(ops),
        "SUPPORTBOT_OUTBOX_POLL_SECONDS": "0.1",
    })
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli.main", "-v", "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stderr_task = asyncio.create_task(process.stderr.read())  # type: ignore[union-attr]
    secrets = [TELEGRAM_TOKEN, WEBHOOK_SECRET, SLACK_BOT, SLACK_APP, SIGNING, TELEGRAM_TOKEN.split(":")[1]]
    try:
        async with aiohttp.ClientSession() as http:
            async def ready() -> bool:
                try:
                    async with http.get(f"http://127.0.0.1:{ops}/readyz") as response:
                        return response.status == 200
                except aiohttp.ClientError:
                    return False

            await _until(ready)
            customer = Customer(telegram, 700100201)
            await customer.say("Bonjour, l'export PDF des factures plante")
            agent = Customer(telegram, AGENT, "Agnès", "Support")
            await agent.say("/web")
            link = await _until(lambda: _link(telegram))
            secrets.append(link.rsplit("/", 1)[1])
            async with http.get(link) as page:
                assert page.status == 200
            async with http.post(link, allow_redirects=False) as signed:
                assert signed.status == 303
                secrets.append(signed.cookies["supportbot_session"].value)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 20)
        await telegram.stop()
        await slack.stop()
    lines = (await stderr_task).decode("utf-8", "replace").splitlines()
    assert len(lines) > 100 and any(" DEBUG " in line for line in lines)  # the libraries did talk
    assert any(MASK in line for line in lines)  # and what they said about secrets was masked
    leaks = [(secret[:6], line) for line in lines for secret in secrets if secret in line]
    assert not leaks, leaks[:5]


async def _link_of(telegram: FakeTelegram) -> str | None:
    for message in telegram.sent(AGENT):
        for word in message.get("text", "").split():
            if "/signin/" in word:
                return str(word)
    return None


def _link(telegram: FakeTelegram):  # type: ignore[no-untyped-def]
    return _link_of(telegram)


def test_json_lines_are_redacted_too() -> None:
    formatter = JsonLinesFormatter(Redactor([WEBHOOK_SECRET]))
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, 'HTTP Request: POST %s "HTTP/1.1 200 OK"',
                               (f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/setWebhook?secret_token={WEBHOOK_SECRET}",),
                               None)
    line = formatter.format(record)
    entry = json.loads(line)
    assert entry["logger"] == "httpx" and entry["level"] == "INFO"
    assert TELEGRAM_TOKEN not in line and WEBHOOK_SECRET not in line and "/bot[redacted]/setWebhook" in line


def test_patterns_catch_credentials_nobody_configured() -> None:
    redact = Redactor()
    for text in (f"Authorization: Bearer {SLACK_BOT}", f"token={SLACK_APP}",
                 "wss://wss.slack.com/link/?ticket=abc123&app_id=A1", "postgresql+psycopg://bot:pa55word@db:5432/supportbot",
                 "GET /signin/JrfK_GCG3cecSnQcWHAF4FOTRbG5j9parN9pG0RayP4",
                 "{'X-Slack-Signature': 'v0=abcdef0123'}", f"got {TELEGRAM_TOKEN}"):
        cleaned = redact(text)
        assert MASK in cleaned and not any(s in cleaned for s in (SLACK_BOT, SLACK_APP, "abc123", "pa55word",
                                                                   "JrfK_GCG", "abcdef0123", TELEGRAM_TOKEN)), cleaned


def test_json_lines_when_configured(tmp_path: Path) -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env.update({"PYTHONPATH": str(Path(__file__).parents[2]), "SUPPORTBOT_LOG_FORMAT": "json",
                "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"})
    done = subprocess.run([sys.executable, "-m", "adapters.cli.main", "-v", "db", "upgrade"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines and all(json.loads(line)["level"] for line in lines)  # alembic's own lines, as JSON
