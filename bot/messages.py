"""The neutral messages that cross the boundary between adapters and the core.

An adapter translates a platform event into an :class:`InboundMessage`, hands it to
the core, and translates the :data:`Reply` objects it gets back into platform calls.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class Platform(str, enum.Enum):
    CONSOLE = "console"
    SLACK = "slack"
    TELEGRAM = "telegram"


@dataclass(frozen=True)
class Sender:
    """Who wrote: the platform's user id, plus what the platform knows of them.

    ``groups`` are the platform groups the sender belongs to, among those the settings name (a
    Slack user group listed among the requesters or mapped to an organisation, say), spelled as
    the settings spell them. Adapters fill it only for groups that matter: it is not the
    sender's every membership. ``title``, ``timezone``, ``username`` and ``email`` are what the
    platform's profile says, when it says it (the ticket keeps them as the requester's context).
    """

    platform: Platform
    user_id: str
    display_name: str = ""
    locale: str | None = None
    groups: frozenset[str] = frozenset()
    title: str = ""
    timezone: str = ""
    username: str = ""
    email: str = ""


@dataclass(frozen=True)
class ConversationKey:
    """Where a message was written: a channel or chat, and the thread inside it."""

    platform: Platform
    channel: str
    thread: str | None = None

    def as_text(self) -> str:
        return f"{self.platform.value}:{self.channel}:{self.thread or ''}"

    def in_thread(self, thread: str | None) -> ConversationKey:
        return ConversationKey(self.platform, self.channel, thread)


@dataclass(frozen=True)
class Attachment:
    """A file a user sent. ``platform_file_id`` is valid only on ``platform``; ``platform_kind`` is
    that platform's own kind of file (Telegram: photo or document), opaque to the core."""

    name: str
    content_type: str = "application/octet-stream"
    size: int | None = None
    url: str | None = None
    platform_file_id: str | None = None
    platform: Platform | None = None
    platform_kind: str | None = None

    def as_record(self, platform: Platform | None = None) -> dict[str, Any]:
        """The JSON-safe form kept on conversations, tickets and outbox rows (``platform``: where
        it was sent, when the attachment does not say)."""
        where = self.platform or platform
        return {"name": self.name, "content_type": self.content_type, "size": self.size, "url": self.url,
                "platform_file_id": self.platform_file_id, "platform": where.value if where else None,
                "platform_kind": self.platform_kind}

    @classmethod
    def from_record(cls, data: Mapping[str, Any], platform: Platform | None = None) -> Attachment:
        """Read :meth:`as_record` back; records older than the ``platform`` key get ``platform``."""
        size = data.get("size")
        where = data.get("platform") or (platform.value if platform else None)
        return cls(str(data.get("name") or ""), str(data.get("content_type") or "application/octet-stream"),
                   int(size) if size is not None else None, data.get("url"), data.get("platform_file_id"),
                   Platform(where) if where else None, data.get("platform_kind"))


@dataclass(frozen=True)
class ForwardedFile:
    """A requester's file to show agents beside a card or a relayed message, where the agents'
    platform can show it: the courier decides, from the file's platform. ``failure_notice`` is
    posted instead when it cannot be shown."""

    attachment: Attachment
    caption: str
    failure_notice: str


@dataclass(frozen=True)
class AnswerEdit:
    """A new text for one answer of a recap, named by the field's ``edit_id``."""

    edit_id: str
    text: str


@dataclass(frozen=True)
class InboundMessage:
    """One thing a user did: typed text, pressed a button (``button_id``), or sent a form that
    changes several answers of their recap at once (``edits``)."""

    sender: Sender
    where: ConversationKey
    text: str = ""
    button_id: str | None = None
    attachments: tuple[Attachment, ...] = ()
    event_id: str | None = None
    reply_to: str | None = None  # platform id of the message this one answers, if any
    edits: tuple[AnswerEdit, ...] = ()
    # Opaque to the core: what the adapter needs to answer this event (a pressed button's message,
    # an interaction's token). It travels with the turn's replies to the adapter's courier.
    reply_handle: str | None = None


@dataclass(frozen=True)
class Choice:
    """A quick reply. ``id`` is stable and opaque; adapters never match on ``label``.

    ``needs_text`` is set when the action needs a text from the person who presses it (an
    agent's reply to the requester, the question to ask): it is the label of that field.
    Adapters with forms (Slack modals) ask for it and send it as the message's ``text``
    with the ``button_id``; the others send the bare button and the core asks for the text.
    """

    id: str
    label: str
    needs_text: str | None = None
    text_optional: bool = False  # the field may be left empty: platforms without forms send the bare button


@dataclass(frozen=True)
class TextReply:
    text: str
    choices: tuple[Choice, ...] = ()
    ephemeral: bool = False  # shown only to the person who wrote, where the platform can
    menu: bool = False  # the choices are the values of one field: a select menu where the platform has one
    files: tuple[ForwardedFile, ...] = ()  # a requester's files, sent after the text where possible
    numeric_answer: bool = False  # the question waits for a number: a typed number is the answer, not an option


@dataclass(frozen=True)
class ArticleCard:
    """A knowledge-base suggestion, with its own feedback buttons."""

    article_id: str
    title: str
    snippet: str
    url: str | None
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class RecapField:
    label: str
    value: str
    edit_id: str | None = None  # button id that starts editing this answer (forms use it)


@dataclass(frozen=True)
class RecapCard:
    """The request as it will be filed, before the user submits it."""

    title: str
    fields: tuple[RecapField, ...]
    choices: tuple[Choice, ...] = ()
    edit_choice_id: str | None = None  # the choice that edits answers: forms may edit every field at once


@dataclass(frozen=True)
class TicketCard:
    """A ticket as shown to agents or to its requester."""

    reference: str
    title: str
    fields: tuple[RecapField, ...]
    choices: tuple[Choice, ...] = ()
    status: str = ""
    files: tuple[ForwardedFile, ...] = ()  # the requester's files, sent after a new card where possible


Reply = TextReply | ArticleCard | RecapCard | TicketCard


@dataclass(frozen=True)
class Destination:
    """Where a message is delivered outside the immediate reply (agents' channel, requester)."""

    platform: Platform
    channel: str
    thread: str | None = None
