"""A fake Telegram Bot API on 127.0.0.1: enough of it to drive the real python-telegram-bot.

Point the library at it with ``base_url(fake.api_url)`` and ``base_file_url(fake.file_url)``.
The fake records every call, holds ``getUpdates`` long polls until an update arrives (or it
stops), posts updates to the webhook once one is set, keeps the messages it was asked to
send so tests can press their buttons, and can fail the next calls of a method (a 429 with
``parameters.retry_after``, or any Bot API error).

For fault campaigns it also draws seeded random faults per call (:mod:`tests.fakes.faults`),
applies Telegram's flood limits (:mod:`tests.fakes.telegram.flood`), and keeps the tally's
records (:mod:`tests.fakes.records`): every update with the moment its offset was confirmed,
and every message delivered, even when the bot never heard that it was.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.faults import FaultKind, FaultPlan
from tests.fakes.records import Delivery, Inbound, telegram_place
from tests.fakes.telegram.flood import FloodControl
from tests.fakes.telegram.markup import MarkupError, parse_html

TOKEN = "123456:TEST-telegram-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Support", "username": "support_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": True, "supports_inline_queries": False}
_INTS = {"chat_id", "message_id", "message_thread_id", "offset", "limit", "from_chat_id", "max_connections"}
_JSON = {"reply_markup", "reply_parameters", "link_preview_options", "commands", "scope", "allowed_updates", "entities"}
_BOOLS = {"show_alert", "drop_pending_updates", "disable_notification", "protect_content"}
# Calls that do not mean the bot has answered (it may still be thinking after them).
_IDLE = {"getUpdates", "getFile", "getChat", "sendChatAction"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    failed: bool = False  # the bot was answered with an error (or no answer): the call may still be applied


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None = None


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class FakeTelegram:
    def __init__(self, token: str = TOKEN, *, faults: FaultPlan | None = None, flood: FloodControl | None = None) -> None:
        self.token = token
        self.faults, self.flood = faults, flood
        self.inbound: dict[int, Inbound] = {}  # update_id -> what became of it
        self.deliveries: list[Delivery] = []
        self.by_place: dict[str, list[Delivery]] = {}  # the same deliveries, per place, in order
        self._delivered: dict[tuple[int, int], Delivery] = {}
        self.topics: list[Delivery] = []  # forum topics created, one "delivery" each (place: the topic)
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self.invalid_file_ids: set[str] = set()  # sendPhoto/sendDocument refuse them
        self.webhook: dict[str, Any] | None = None
        self.webhook_statuses: list[int] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(500)
        self._failures: dict[str, list[_Failure]] = {}
        self._arrived = asyncio.Event()
        self._activity = asyncio.Event()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.url = ""

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self._client = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._stopping = True
        self._arrived.set()  # release held long polls
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.url}/file/bot"

    # -- what tests set up -------------------------------------------------------------------------
    def add_group(self, chat_id: int, *, forum: bool, title: str = "Support agents") -> None:
        self.chats[chat_id] = {"id": chat_id, "type": "supergroup", "title": title, "is_forum": forum}

    def _full_chat(self, chat: dict[str, Any]) -> dict[str, Any]:
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}

    def add_file(self, file_id: str, content: bytes, *, file_path: str | None = None) -> None:
        meta = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(content),
                "file_path": file_path or f"documents/{file_id}.bin"}
        self.files[file_id] = (meta, content)

    def refuse_file_id(self, file_id: str) -> None:
        """``sendPhoto``/``sendDocument`` answer that this file id is wrong (as for a deleted or foreign file)."""
        self.invalid_file_ids.add(file_id)

    def fail(self, method: str, *, retry_after: int | None = None, status: int = 400,
             description: str = "Bad Request", times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail (``retry_after``: a 429 flood wait)."""
        if retry_after is not None:
            status, description = 429, f"Too Many Requests: retry after {retry_after}"
        self._failures.setdefault(method, []).extend(_Failure(status, description, retry_after) for _ in range(times))

    async def push(self, update: dict[str, Any], *, secret: str | None = None) -> dict[str, Any]:
        """Deliver an update: to the webhook when one is set (returns its HTTP status), else to getUpdates."""
        update = {"update_id": next(self._update_ids), **update}
        if "message" in update:  # the bot may answer it as a reply
            written = update["message"]
            self.messages.setdefault((written["chat"]["id"], written["message_id"]), written)
        self.inbound[update["update_id"]] = _inbound(update)
        if self.webhook is None:
            self._updates.append(update)
            self._arrived.set()
            return update
        assert self._client is not None
        token = self.webhook.get("secret_token") if secret is None else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": token} if token else {}
        async with self._client.post(self.webhook["url"], json=update, headers=headers) as response:
            self.webhook_statuses.append(response.status)
        return update

    # -- what tests read ---------------------------------------------------------------------------
    def mark(self) -> int:
        return len(self.calls)

    def called(self, method: str, *, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method == method]

    def sent(self, chat_id: int | None = None, *, since: int = 0) -> list[dict[str, Any]]:
        """Messages successfully sent since ``since``, as Telegram stored them (plain text + entities)."""
        return [
            self.messages[(call.params["chat_id"], call.params["result"])]
            for call in self.calls[since:]
            if call.method == "sendMessage" and not call.failed and "result" in call.params
            and (chat_id is None or call.params["chat_id"] == chat_id)
        ]

    def sent_files(self, chat_id: int | None = None, *, since: int = 0) -> list[dict[str, Any]]:
        """Photos and documents successfully re-sent by file id since ``since``, as Telegram stored them."""
        return [
            self.messages[(call.params["chat_id"], call.params["result"])]
            for call in self.calls[since:]
            if call.method in {"sendPhoto", "sendDocument"} and not call.failed and "result" in call.params
            and (chat_id is None or call.params["chat_id"] == chat_id)
        ]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting; calls: {[c.method for c in self.calls][-20:]}")
            self._activity.clear()
            try:
                await asyncio.wait_for(self._activity.wait(), 0.05)
            except TimeoutError:
                pass
        return result

    async def settle(self, since: int, *, quiet: float = 0.05, timeout: float = 5.0) -> None:
        """Wait until the bot answered something since ``since``, then stayed quiet for ``quiet`` s.

        Within one turn the bot's calls follow each other within milliseconds: the core has
        already answered when the first one goes out."""
        await self.wait_for(lambda: any(c.method not in _IDLE for c in self.calls[since:]), timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = max(c.at for c in self.calls[since:])
            if time.monotonic() - last >= quiet:
                return
            await asyncio.sleep(quiet / 3)
        raise AssertionError("the bot never went quiet")

    # -- HTTP --------------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = _decode(dict(await request.post()) if request.body_exists else {})
        if request.content_type == "application/json":
            params = await request.json()
        call = Call(method, params)
        self.calls.append(call)
        self._activity.set()
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            failures = self._failures.get(method)
            if failures:
                failure = failures.pop(0)
                extra = {"retry_after": failure.retry_after} if failure.retry_after is not None else None
                raise ApiError(failure.status, failure.description, extra)
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            fault = self.faults.draw(method) if self.faults is not None else None
            wait = self.flood.admit(method, params.get("chat_id")) if self.flood is not None else None
            if wait is not None or (fault is not None and fault.kind is FaultKind.RATE_LIMITED):
                wait = wait if wait is not None else fault.retry_after  # type: ignore[union-attr]
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
            if fault is not None and fault.kind is FaultKind.SERVER_ERROR:
                raise ApiError(fault.status, "Internal Server Error" if fault.status == 500 else "Bad Gateway")
            if fault is not None and fault.kind is FaultKind.SLOW:
                await asyncio.sleep(fault.delay)
            delivered = len(self.deliveries)
            result = await handler(params)
            if fault is not None and fault.kind.applies and fault.kind is not FaultKind.SLOW:
                call.failed = True
                for delivery in self.deliveries[delivered:]:
                    delivery.acknowledged = False
                if fault.kind is FaultKind.ACK_CUT:
                    assert request.transport is not None
                    request.transport.abort()
                    return web.Response()
                if fault.kind is FaultKind.ACK_HANG:
                    await asyncio.sleep(fault.delay)
                    return web.json_response({"ok": True, "result": result})
                raise ApiError(fault.status, "Bad Gateway")
        except ApiError as error:
            call.failed = True
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.status)
        if isinstance(result, dict) and "message_id" in result:
            call.params["result"] = result["message_id"]
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for meta, content in self.files.values():
            if meta["file_path"] == request.match_info["path"]:
                return web.Response(body=content)
        return web.Response(status=404)

    # -- methods -----------------------------------------------------------------------------------
    async def _m_getMe(self, p: dict[str, Any]) -> Any:
        return BOT_USER

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _m_setWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook = {"url": p["url"], "secret_token": p.get("secret_token")} if p.get("url") else None
        return True

    async def _m_getWebhookInfo(self, p: dict[str, Any]) -> Any:
        webhook = self.webhook or {}
        return {"url": webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    async def _m_setMyCommands(self, p: dict[str, Any]) -> Any:
        return True

    async def _m_sendChatAction(self, p: dict[str, Any]) -> Any:
        return True

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        return True

    async def _m_getUpdates(self, p: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(p.get("offset") or 0)
        now = time.monotonic()
        for update in self._updates:
            if update["update_id"] < offset and update["update_id"] in self.inbound:
                self.inbound[update["update_id"]].confirmed_at = now
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and not self._stopping:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), float(p.get("timeout") or 0))
            except TimeoutError:
                pass
        batch = self._updates[: int(p.get("limit") or 100)]
        for update in batch:
            if update["update_id"] in self.inbound:
                self.inbound[update["update_id"]].handed_out += 1
        return batch

    async def _m_getChat(self, p: dict[str, Any]) -> Any:
        chat_id = int(p["chat_id"])
        if chat_id in self.chats:
            return self._full_chat(self.chats[chat_id])
        if chat_id > 0:
            return self._full_chat({"id": chat_id, "type": "private", "first_name": "User"})
        raise ApiError(400, "Bad Request: chat not found")

    async def _m_getFile(self, p: dict[str, Any]) -> Any:
        if p["file_id"] not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        meta = self.files[p["file_id"]][0]
        if meta["file_size"] > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        return meta

    async def _m_createForumTopic(self, p: dict[str, Any]) -> Any:
        chat = self.chats.get(int(p["chat_id"]))
        if chat is None or not chat.get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        if not 1 <= len(p.get("name", "")) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_NAME_INVALID")
        thread_id = next(self._message_ids)
        self.topics.append(Delivery(telegram_place(chat["id"], thread_id), str(thread_id), p["name"], []))
        self.messages[(chat["id"], thread_id)] = {
            "message_id": thread_id, "date": int(time.time()), "chat": chat, "from": BOT_USER,
            "message_thread_id": thread_id, "is_topic_message": True,
            "forum_topic_created": {"name": p["name"], "icon_color": 7322096},
        }
        return {"message_thread_id": thread_id, "name": p["name"], "icon_color": 7322096}

    async def _m_sendMessage(self, p: dict[str, Any]) -> Any:
        text, entities = _parse(p)
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._post(p, content)

    async def _m_sendPhoto(self, p: dict[str, Any]) -> Any:
        file_id = self._file_id(p, "photo")
        return self._post(p, {"photo": [{"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 1280,
                                         "height": 720}], **_caption(p)})

    async def _m_sendDocument(self, p: dict[str, Any]) -> Any:
        file_id = self._file_id(p, "document")
        return self._post(p, {"document": {"file_id": file_id, "file_unique_id": f"u-{file_id}"}, **_caption(p)})

    def _file_id(self, p: dict[str, Any], field_name: str) -> str:
        file_id = p.get(field_name)
        if not isinstance(file_id, str):  # an upload arrives as multipart: this fake only re-sends known files
            raise ApiError(400, f"Bad Request: this fake takes {field_name} as a file id only")
        if file_id in self.invalid_file_ids:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return file_id

    def _post(self, p: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        """Store a new message of the bot with ``content``, in the chat, topic and reply chain ``p`` names."""
        chat_id = p["chat_id"]
        chat = self.chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "User"}
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                                   "from": BOT_USER, **content}
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        thread = p.get("message_thread_id")
        if thread is not None:
            if not chat.get("is_forum") or (chat_id, thread) not in self.messages:
                raise ApiError(400, "Bad Request: message thread not found")
            message.update(message_thread_id=thread, is_topic_message=True)
        replied = (p.get("reply_parameters") or {}).get("message_id")
        if replied is not None and (chat_id, replied) in self.messages:
            message["reply_to_message"] = {k: v for k, v in self.messages[(chat_id, replied)].items()
                                           if k != "reply_to_message"}
        self.messages[(chat_id, message["message_id"])] = message
        delivery = Delivery(telegram_place(chat_id, thread), str(message["message_id"]),
                            str(message.get("text") or message.get("caption") or ""), buttons(message))
        self.deliveries.append(delivery)
        self.by_place.setdefault(delivery.place, []).append(delivery)
        self._delivered[(chat_id, message["message_id"])] = delivery
        return message

    async def _m_editMessageText(self, p: dict[str, Any]) -> Any:
        message = self._stored(p)
        text, entities = _parse(p)
        markup = p.get("reply_markup")
        if text == message.get("text") and entities == message.get("entities", []) and markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")
        message.update(text=text, entities=entities, edit_date=int(time.time()))
        _set_markup(message, markup)
        self._edited(message)
        return message

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> Any:
        message = self._stored(p)
        _set_markup(message, p.get("reply_markup"))
        self._edited(message)
        return message

    def _edited(self, message: dict[str, Any]) -> None:
        delivery = self._delivered.get((message["chat"]["id"], message["message_id"]))
        if delivery is not None:
            delivery.text, delivery.buttons = str(message.get("text") or ""), buttons(message)
            delivery.edited_at = time.monotonic()

    def _stored(self, p: dict[str, Any]) -> dict[str, Any]:
        key = (p.get("chat_id"), p.get("message_id"))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """A message's inline keyboard as (label, callback data), row by row."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(str(b.get("text", "")), str(b.get("callback_data", ""))) for row in rows for b in row]


def _inbound(update: dict[str, Any]) -> Inbound:
    if "callback_query" in update:
        query = update["callback_query"]
        chat = query["message"]["chat"]["id"]
        return Inbound(str(update["update_id"]), telegram_place(chat), str(query.get("data", "")))
    message = update.get("message") or {}
    place = telegram_place(message.get("chat", {}).get("id", 0), message.get("message_thread_id"))
    return Inbound(str(update["update_id"]), place, str(message.get("text") or message.get("caption") or ""))


def _set_markup(message: dict[str, Any], markup: Any) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _caption(p: dict[str, Any]) -> dict[str, Any]:
    caption = p.get("caption")
    if caption is None:
        return {}
    if len(caption.encode("utf-16-le")) // 2 > 1024:
        raise ApiError(400, "Bad Request: message caption is too long")
    return {"caption": caption}


def _parse(p: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    raw = p.get("text", "")
    try:
        text, entities = parse_html(raw) if p.get("parse_mode") == "HTML" else (raw, [])
    except MarkupError as error:
        raise ApiError(400, f"Bad Request: can't parse entities: {error}") from error
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text.encode("utf-16-le")) // 2 > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return text, entities


def _decode(form: dict[str, Any]) -> dict[str, Any]:
    """PTB's form encoding: strings raw, everything else JSON."""
    params: dict[str, Any] = {}
    for key, value in form.items():
        if not isinstance(value, str):
            params[key] = value
        elif key in _INTS:
            params[key] = int(value) if value.lstrip("-").isdigit() else value
        elif key in _JSON or key == "timeout":
            params[key] = json.loads(value)
        elif key in _BOOLS:
            params[key] = value in {"true", "True", "1"}
        else:
            params[key] = value
    return params
