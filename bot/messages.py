"""The neutral messages that cross the boundary between adapters and the core.

An adapter translates a platform event into an :class:`InboundMessage`, hands it to
the core, and translates the :data:`Reply` objects it gets back into platform calls.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Platform(str, enum.Enum):
    CONSOLE = "console"
    SLACK = "slack"
    TELEGRAM = "telegram"


@dataclass(frozen=True)
class Sender:
    """Who wrote: the platform's user id, plus what the platform knows of them.

    ``groups`` are the platform groups the sender belongs to, among those the settings name (a
    Slack user group listed among the requesters, say), spelled as the settings spell them.
    Adapters fill it only for groups that matter: it is not the sender's every membership.
    """

    platform: Platform
    user_id: str
    display_name: str = ""
    locale: str | None = None
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ConversationKey:
    """Where a message was written: a channel or chat, and the thread inside it."""

    platform: Platform
    channel: str
    thread: str | None = None

    def as_text(self) -> str:
        return f"{self.platform.value}:{self.channel}:{self.thread or ''}"


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str = "application/octet-stream"
    size: int | None = None
    url: str | None = None
    platform_file_id: str | None = None


@dataclass(frozen=True)
class InboundMessage:
    """One thing a user did: typed text, or pressed a button (``button_id``)."""

    sender: Sender
    where: ConversationKey
    text: str = ""
    button_id: str | None = None
    attachments: tuple[Attachment, ...] = ()
    event_id: str | None = None
    reply_to: str | None = None  # platform id of the message this one answers, if any


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


@dataclass(frozen=True)
class TextReply:
    text: str
    choices: tuple[Choice, ...] = ()
    ephemeral: bool = False  # shown only to the person who wrote, where the platform can


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


Reply = TextReply | ArticleCard | RecapCard | TicketCard


@dataclass(frozen=True)
class Destination:
    """Where a message is delivered outside the immediate reply (agents' channel, requester)."""

    platform: Platform
    channel: str
    thread: str | None = None
