"""A fake Slack: Web API and Socket Mode on 127.0.0.1, for driving the real slack-bolt/slack-sdk.

- ``POST|GET /api/<method>`` records the call (JSON body, form or query string) and answers an
  ``ok: true`` shape; :meth:`FakeSlack.fail_next` makes the next calls of a method fail (a 429
  with ``Retry-After`` by default).
- ``apps.connections.open`` answers the URL of ``/link``, a WebSocket that sends ``hello``,
  then whatever :meth:`FakeSlack.send_envelope` queues, and records the app's acks.
- ``/respond/<id>`` stands for the ``response_url`` of interactions.
- ``usergroups.list`` and ``usergroups.users.list`` answer from :attr:`FakeSlack.user_groups`
  (id -> :class:`UserGroup`), which a test may change at any time; an unknown id is
  ``no_such_subteam``, as on Slack.
- For fault campaigns: seeded random faults per call (:mod:`tests.fakes.faults`);
  :meth:`FakeSlack.deliver` sends an envelope as Slack does, again to the live connection
  while it is not acked (up to three retries after 3 s each, and whenever the connection it
  went to is gone); the tally's records (:mod:`tests.fakes.records`) keep every event with the
  moment it was acked and every message posted, even when the app never heard that it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.faults import FaultKind, FaultPlan
from tests.fakes.records import Delivery, Inbound, slack_place

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"
ACK_DEADLINE = 3.0  # seconds Slack waits for an ack before sending the envelope again
MAX_RETRIES = 3


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def answer_ts(self) -> str:
        return str(self.answer.get("ts") or self.answer.get("message_ts") or "")


@dataclass
class UserGroup:
    handle: str
    members: list[str] = field(default_factory=list)


@dataclass
class Failure:
    status: int
    error: str
    retry_after: int | None


@dataclass
class _Pending:
    """An envelope Slack keeps sending until it is acked."""

    inbound: Inbound
    kind: str
    payload: dict[str, Any]
    envelope_ids: list[str] = field(default_factory=list)
    sent_at: float = 0.0
    socket: web.WebSocketResponse | None = None
    retries: int = 0


class FakeSlack:
    def __init__(self, users: dict[str, dict[str, Any]] | None = None, *, faults: FaultPlan | None = None) -> None:
        self.users = users or {}
        self.faults = faults
        self.inbound: dict[str, Inbound] = {}
        self.deliveries: list[Delivery] = []
        self.by_place: dict[str, list[Delivery]] = {}  # the same deliveries, per place, in order
        self.given_up: list[Inbound] = []  # never acked after every retry: Slack drops them
        self._delivered: dict[tuple[str, str], Delivery] = {}
        self._pending: dict[str, _Pending] = {}  # inbound key -> what it carries, until acked
        self._envelopes: dict[str, Inbound] = {}  # every envelope id sent -> its event
        self._redelivery: asyncio.Task[None] | None = None
        self.user_groups: dict[str, UserGroup] = {}
        self.calls: list[Call] = []
        self.acks: list[dict[str, Any]] = []
        self._failures: dict[str, list[Failure]] = {}
        self._numbers = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/link", self._socket)
        app.router.add_post("/respond/{id}", self._respond)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        self._redelivery = asyncio.get_running_loop().create_task(self._redeliver())
        return self.url

    async def stop(self) -> None:
        if self._redelivery is not None:
            self._redelivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._redelivery
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self) -> str:
        return f"{self.url}/respond/{uuid.uuid4().hex[:8]}"

    # -- what happened ---------------------------------------------------------------------
    def fail_next(self, method: str, *, status: int = 429, error: str = "ratelimited",
                  retry_after: int | None = 0, times: int = 1) -> None:
        self._failures.setdefault(method, []).extend(Failure(status, error, retry_after) for _ in range(times))

    def calls_to(self, *methods: str) -> list[Call]:
        return [c for c in self.calls if c.method in methods and c.status == 200]

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 5.0, what: str = "condition") -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            result = condition()
            if result:
                return result
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {what}; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.005)

    async def wait_for(self, *methods: str, count: int = 1, since: int = 0, timeout: float = 5.0) -> list[Call]:
        """Wait until ``count`` successful calls to ``methods`` were made after call number ``since``."""

        def found() -> list[Call]:
            calls = [c for c in self.calls[since:] if c.method in methods and c.status == 200]
            return calls if len(calls) >= count else []

        return list(await self.wait_until(found, timeout, f"{count} x {methods}"))

    async def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until no call arrived for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        seen = -1
        while loop.time() < deadline:
            if len(self.calls) == seen:
                return
            seen = len(self.calls)
            await asyncio.sleep(quiet)
        raise AssertionError("Slack calls never stopped")

    # -- Socket Mode -----------------------------------------------------------------------
    async def send_envelope(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0,
                            retry_reason: str = "") -> str:
        await self.wait_until(lambda: self._sockets, what="a Socket Mode connection")
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id, "type": kind, "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt, "retry_reason": retry_reason,
        }
        await self._sockets[-1].send_str(json.dumps(envelope))
        return envelope_id

    async def wait_for_ack(self, envelope_id: str, timeout: float = 3.0) -> dict[str, Any]:
        def acked() -> list[dict[str, Any]]:
            return [a for a in self.acks if a.get("envelope_id") == envelope_id]

        found: list[dict[str, Any]] = await self.wait_until(acked, timeout, f"ack of {envelope_id}")
        return found[0]

    def deliver(self, kind: str, payload: dict[str, Any], place: str, text: str) -> Inbound:
        """Hand an event to the app as Slack does: sent now if connected, again until acked."""
        inbound = Inbound(str(uuid.uuid4()), place, text)
        self.inbound[inbound.key] = inbound
        self._pending[inbound.key] = _Pending(inbound, kind, payload)
        self._send_due()
        return inbound

    def _send_due(self) -> None:
        live = [s for s in self._sockets if not s.closed]
        if not live:
            return
        now = time.monotonic()
        for key, pending in list(self._pending.items()):
            if pending.inbound.confirmed:
                del self._pending[key]
                continue
            gone = pending.socket is None or pending.socket.closed or pending.socket not in self._sockets
            if not gone and now - pending.sent_at < ACK_DEADLINE:
                continue
            if not gone:  # sent to a live connection and not acked in time: a retry
                if pending.retries >= MAX_RETRIES:
                    self.given_up.append(pending.inbound)
                    del self._pending[key]
                    continue
                pending.retries += 1
            envelope_id = str(uuid.uuid4())
            envelope = {
                "envelope_id": envelope_id, "type": pending.kind, "payload": pending.payload,
                "accepts_response_payload": pending.kind != "events_api",
                "retry_attempt": pending.retries, "retry_reason": "timeout" if pending.retries else "",
            }
            pending.envelope_ids.append(envelope_id)
            pending.sent_at, pending.socket = now, live[-1]
            pending.inbound.handed_out += 1
            self._envelopes[envelope_id] = pending.inbound
            asyncio.get_running_loop().create_task(_send(live[-1], envelope))

    async def _redeliver(self) -> None:
        while True:
            await asyncio.sleep(0.1)
            self._send_due()

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_str(json.dumps({
            "type": "hello", "num_connections": 1,
            "debug_info": {"host": "fake", "approximate_connection_time": 3600},
            "connection_info": {"app_id": "A0000001"},
        }))
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    ack = json.loads(message.data)
                    self.acks.append(ack)
                    inbound = self._envelopes.get(str(ack.get("envelope_id")))
                    if inbound is not None and inbound.confirmed_at is None:
                        inbound.confirmed_at = time.monotonic()
        finally:
            self._sockets.remove(socket)
        return socket

    # -- Web API ---------------------------------------------------------------------------
    async def _respond(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json(), dict(request.headers)))
        return web.json_response({"ok": True})

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        failures = self._failures.get(method)
        if failures:
            failure = failures.pop(0)
            self.calls.append(Call(method, params, dict(request.headers), failure.status))
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response({"ok": False, "error": failure.error}, status=failure.status, headers=headers)
        fault = self.faults.draw(method) if self.faults is not None else None
        if fault is not None and fault.kind is FaultKind.RATE_LIMITED:
            self.calls.append(Call(method, params, dict(request.headers), 429))
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(fault.retry_after)})
        if fault is not None and fault.kind is FaultKind.SERVER_ERROR:
            self.calls.append(Call(method, params, dict(request.headers), fault.status))
            return web.json_response({"ok": False, "error": "internal_error"}, status=fault.status)
        if fault is not None and fault.kind is FaultKind.SLOW:
            await asyncio.sleep(fault.delay)
        answer = self._answer(method, params)
        if fault is None or not fault.kind.applies or fault.kind is FaultKind.SLOW:
            self.calls.append(Call(method, params, dict(request.headers), 200, answer))
            return web.json_response(answer)
        self._record(method, params, answer, acknowledged=False)  # applied: people see it
        self.calls.append(Call(method, params, dict(request.headers), fault.status or 599, answer))
        if fault.kind is FaultKind.ACK_CUT:
            assert request.transport is not None
            request.transport.abort()
            return web.Response()
        if fault.kind is FaultKind.ACK_HANG:
            await asyncio.sleep(fault.delay)
            return web.json_response(answer)
        return web.json_response({"ok": False, "error": "internal_error"}, status=fault.status)

    def _ts(self) -> str:
        n = next(self._numbers)
        return f"{1700000000 + n}.{n:06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "supportbot",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.url.replace("http://", "ws://") + "/link?ticket=fake"}
        if method == "chat.postMessage":
            ts = self._ts()
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts,
                       "text": params.get("text", ""), "blocks": params.get("blocks", [])}
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            answer = {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
            self._record(method, params, answer)
            return answer
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._ts()}
        if method == "chat.update":
            self._record(method, params, {})
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text", "")}
        if method == "views.open":
            return {"ok": True, "view": {"id": f"V{next(self._numbers):08d}", **_json(params.get("view"))}}
        if method == "conversations.open":
            first = str(params.get("users", "")).split(",")[0]
            return {"ok": True, "channel": {"id": f"D{first[1:] or 'X'}", "is_im": True}}
        if method == "users.info":
            user_id = str(params.get("user"))
            user = self.users.get(user_id, {"real_name": f"User {user_id}", "locale": "fr-FR"})
            profile = {"real_name": user.get("real_name", ""), "display_name": user.get("display_name", ""),
                       **{key: user[key] for key in ("title", "email") if key in user}}
            return {"ok": True, "user": {"id": user_id, "name": user_id.lower(), "real_name": user.get("real_name", ""),
                                         "locale": user.get("locale"), "tz": user.get("tz"), "profile": profile,
                                         "is_bot": False}}
        if method == "usergroups.list":
            return {"ok": True, "usergroups": [
                {"id": group_id, "team_id": TEAM_ID, "handle": group.handle, "name": group.handle.title(),
                 "is_usergroup": True, "date_delete": 0, "user_count": len(group.members)}
                for group_id, group in self.user_groups.items()
            ]}
        if method == "usergroups.users.list":
            found = self.user_groups.get(str(params.get("usergroup")))
            if found is None:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": list(found.members)}
        return {"ok": True}


    def _record(self, method: str, params: dict[str, Any], answer: dict[str, Any], *, acknowledged: bool = True) -> None:
        """Keep what people see: a posted message once, an update applied to it."""
        channel = str(params.get("channel", ""))
        if method == "chat.postMessage" and acknowledged:
            ts = str(answer["ts"])
            delivery = Delivery(slack_place(channel, params.get("thread_ts")), ts, text_of(params), slack_buttons(params))
            self.deliveries.append(delivery)
            self.by_place.setdefault(delivery.place, []).append(delivery)
            self._delivered[(channel, ts)] = delivery
        elif method == "chat.postMessage":
            self._delivered[(channel, str(answer["ts"]))].acknowledged = False
        elif method == "chat.update" and (found := self._delivered.get((channel, str(params.get("ts"))))):
            found.text, found.buttons, found.edited_at = text_of(params), slack_buttons(params), time.monotonic()


def text_of(params: dict[str, Any]) -> str:
    """The words of a posted message: its blocks' texts, or the fallback text."""
    parts: list[str] = []
    for block in _blocks(params):
        for text in (block.get("text"), *(block.get("elements") or []), *(block.get("fields") or [])):
            if isinstance(text, dict) and isinstance(text.get("text"), str) and text.get("type") != "button":
                parts.append(text["text"])
    return "\n".join(parts) or str(params.get("text", ""))


def slack_buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    """A message's buttons as (label, value), in reading order."""
    return [(str(e["text"]["text"]), str(e.get("value", ""))) for b in _blocks(params) if b.get("type") == "actions"
            for e in b.get("elements", []) if e.get("type") == "button"]


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks") or []
    return list(json.loads(blocks)) if isinstance(blocks, str) else list(blocks)


async def _send(socket: web.WebSocketResponse, envelope: dict[str, Any]) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):  # the connection died: the envelope is sent again
        await socket.send_str(json.dumps(envelope))


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value or {})


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            params.update(dict(await request.post()))
    return params
