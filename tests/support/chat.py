"""Drive whole dialogues through the real desk: ``chat.say(...)`` returns the bot's replies."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace

from bot.desk import HelpDesk
from bot.messages import Attachment, Choice, ConversationKey, InboundMessage, Platform, Reply, Sender
from bot.rendering import render_text

_events = itertools.count(1)


class ChatDriver:
    def __init__(
        self,
        desk: HelpDesk,
        user_id: str = "alice",
        *,
        platform: Platform = Platform.CONSOLE,
        channel: str | None = None,
        thread: str | None = None,
        locale: str | None = "fr",
        name: str = "Alice Martin",
        groups: frozenset[str] = frozenset(),
    ) -> None:
        self.desk = desk
        self.sender = Sender(platform, user_id, name, locale, groups)
        self.where = ConversationKey(platform, channel or user_id, thread)
        self.last: list[Reply] = []

    def say(self, text: str = "", *, event_id: str | None = None, attachments: Iterable[Attachment] = ()) -> list[Reply]:
        return self._send(InboundMessage(self.sender, self.where, text, None, tuple(attachments), event_id or self._event()))

    def press(self, label: str, text: str = "") -> list[Reply]:
        """Press the button whose label is ``label`` (exact, or a unique substring) in the last replies."""
        return self.press_id(self.button(label).id, text)

    def press_id(self, button_id: str, text: str = "", *, event_id: str | None = None) -> list[Reply]:
        return self._send(InboundMessage(self.sender, self.where, text, button_id, (), event_id or self._event()))

    def button(self, label: str) -> Choice:
        choices = self.choices()
        exact = [c for c in choices if c.label == label]
        partial = [c for c in choices if label.lower() in c.label.lower()]
        found = exact or partial
        if len(found) != 1:
            raise AssertionError(f"no single button {label!r} among {[c.label for c in choices]}")
        return found[0]

    def choices(self) -> list[Choice]:
        return [c for reply in self.last for c in getattr(reply, "choices", ())]

    def text(self) -> str:
        return "\n".join(render(reply) for reply in self.last)

    def _send(self, message: InboundMessage) -> list[Reply]:
        self.last = self.desk.handle(message)
        return self.last

    @staticmethod
    def _event() -> str:
        return f"test-{next(_events)}"


def render(reply: Reply) -> str:
    """The reply as a text-only client shows it (the core's fallback rendering), buttons aside."""
    return render_text([replace(reply, choices=())]).text
