"""Neutral replies as Block Kit messages, within Slack's limits.

Ids are stable so a press can be traced back: every button's ``value`` is the core's choice
id; its ``action_id`` says what the adapter does with it (:data:`PRESS` sends it to the
core, :data:`ASK` first asks for a text in a modal (:data:`ASK_OPTIONAL`: a text that may be left
empty), :data:`FORM` opens the recap's edit form). A reply whose choices are the values of one
field (``TextReply.menu``) is a select menu: its ``action_id`` is :data:`SELECT` and the picked
option's ``value`` is the choice id.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.escape import cut, mrkdwn, plain, split
from bot.messages import (
    ArticleCard,
    Choice,
    RecapCard,
    RecapField,
    Reply,
    TextReply,
    TicketCard,
)
from bot.rendering import ReplyRenderer

Block = dict[str, Any]

PRESS = "sb.press"
SELECT = PRESS + ".menu"  # a select menu's options are pressed like buttons
ASK = "sb.ask"
ASK_OPTIONAL = "sb.asko"  # the same, but the form's field may be left empty
FORM = "sb.form"
FIELD = "sb.field:"  # block_id prefix of an editable recap field; the rest is its edit id
TICKET = "sb.ticket"  # block_id of a ticket card's header: the core edits those cards itself
DONE = "sb.done"

SECTION_CHARS = 3000
FIELD_CHARS = 2000
HEADER_CHARS = 150
LABEL_CHARS = 75
VALUE_CHARS = 2000
ACTION_ID_CHARS = 255
BLOCKS_PER_MESSAGE = 50
BUTTONS_PER_ACTIONS = 25
OPTIONS_PER_SELECT = 100
OPTION_VALUE_CHARS = 150
FALLBACK_CHARS = 3000
MAX_FIELD_BLOCKS = 40


def safe_mrkdwn(text: str, limit: int = SECTION_CHARS) -> str:
    """Escaped user text cut so that, escaped, it still fits ``limit``."""
    room = limit
    while True:
        escaped = mrkdwn(cut(text, room))
        if len(escaped) <= limit:
            return escaped
        room -= len(escaped) - limit


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def text_sections(text: str, prefix: str) -> list[Block]:
    pieces = split(text, SECTION_CHARS - 200) if text.strip() else []
    return [section(safe_mrkdwn(piece), f"{prefix}.{k}") for k, piece in enumerate(pieces)]


def button(choice: Choice, index: int, action: str = PRESS) -> Block:
    action_id = f"{action}.{index}"
    if action in {ASK, ASK_OPTIONAL}:
        # The modal's field label travels with the button: no state is kept between press and form.
        action_id = cut(f"{action_id}:{choice.needs_text}", ACTION_ID_CHARS)
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": cut(plain(choice.label), LABEL_CHARS), "emoji": True},
        "value": choice.id[:VALUE_CHARS],
        "action_id": action_id,
    }


def actions(choices: tuple[Choice, ...], *, form_choice: str | None = None) -> list[Block]:
    """``form_choice``: the id of the choice that opens the edit form instead of acting at once."""
    elements = []
    for index, choice in enumerate(choices):
        kind = (ASK_OPTIONAL if choice.text_optional else ASK) if choice.needs_text else PRESS
        if form_choice is not None and choice.id == form_choice:
            kind = FORM
        elements.append(button(choice, index, kind))
    return [
        {
            "type": "actions",
            "block_id": f"sb.actions.{k // BUTTONS_PER_ACTIONS}",
            "elements": elements[k : k + BUTTONS_PER_ACTIONS],
        }
        for k in range(0, len(elements), BUTTONS_PER_ACTIONS)
    ]


def field_block(field: RecapField, index: int) -> Block:
    label = f"*{safe_mrkdwn(field.label, 200)}*"
    block_id = f"{FIELD}{field.edit_id}" if field.edit_id else f"sb.info.{index}"
    return section(f"{label}\n{safe_mrkdwn(field.value or '—', SECTION_CHARS - len(label) - 1)}", block_id)


def header(text: str, block_id: str) -> Block:
    return {"type": "header", "block_id": block_id, "text": {"type": "plain_text", "text": cut(plain(text), HEADER_CHARS)}}


def context(text: str, block_id: str) -> Block:
    return {"type": "context", "block_id": block_id, "elements": [{"type": "mrkdwn", "text": safe_mrkdwn(text)}]}


def select_menu(choices: tuple[Choice, ...], placeholder: str) -> list[Block]:
    """The choices as one static select (a choice that needs a text stays a button beside it)."""
    picked = [c for c in choices if not c.needs_text and len(c.id) <= OPTION_VALUE_CHARS][:OPTIONS_PER_SELECT]
    options = [{"text": {"type": "plain_text", "text": cut(plain(c.label), LABEL_CHARS)}, "value": c.id} for c in picked]
    element = {"type": "static_select", "action_id": SELECT, "options": options,
               "placeholder": {"type": "plain_text", "text": cut(plain(placeholder), LABEL_CHARS) or "…"}}
    blocks: list[Block] = [{"type": "actions", "block_id": "sb.menu", "elements": [element]}] if options else []
    return blocks + actions(tuple(c for c in choices if c not in picked))


class SlackBlocks(ReplyRenderer[list[Block]]):
    """Each kind of reply as Block Kit: sections, a header and fields for cards, buttons."""

    def text(self, reply: TextReply) -> list[Block]:
        if reply.menu and reply.choices:
            return text_sections(reply.text, "sb.text") + select_menu(reply.choices, reply.text.split("\n")[0])
        return text_sections(reply.text, "sb.text") + actions(reply.choices)

    def article(self, reply: ArticleCard) -> list[Block]:
        lines = [f"*{safe_mrkdwn(reply.title, 300)}*", safe_mrkdwn(reply.snippet, 2000)]
        if reply.url and reply.url.startswith(("https://", "http://")):
            url = reply.url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
            lines.append(f"<{url}>")
        return [section("\n".join(lines), "sb.article"), *actions(reply.choices)]

    def recap(self, reply: RecapCard) -> list[Block]:
        fields = [field_block(field, k) for k, field in enumerate(reply.fields)]
        return [header(reply.title, "sb.title"), *fields, *actions(reply.choices, form_choice=reply.edit_choice_id)]

    def ticket(self, reply: TicketCard) -> list[Block]:
        blocks = [header(reply.reference, TICKET), section(f"*{safe_mrkdwn(reply.title, 2900)}*", "sb.ticket.title")]
        if reply.status:
            blocks.append(context(reply.status, "sb.ticket.status"))
        shown = reply.fields[:MAX_FIELD_BLOCKS]
        blocks += [field_block(RecapField(f.label, f.value), k) for k, f in enumerate(shown)]
        if rest := reply.fields[MAX_FIELD_BLOCKS:]:  # keep the card (and its buttons) in one message
            blocks.append(section(safe_mrkdwn("\n".join(f"{f.label}: {f.value}" for f in rest)), "sb.info.rest"))
        return blocks + actions(reply.choices)


class _Notification(ReplyRenderer[str]):
    """The one line a phone's notification shows for a reply."""

    def text(self, reply: TextReply) -> str:
        return reply.text

    def article(self, reply: ArticleCard) -> str:
        return reply.title

    def recap(self, reply: RecapCard) -> str:
        return reply.title

    def ticket(self, reply: TicketCard) -> str:
        return f"{reply.reference} — {reply.title}"


_BLOCKS = SlackBlocks()
_NOTIFICATION = _Notification()


def render(reply: Reply) -> list[Block]:
    return _BLOCKS.render(reply)


def fallback_text(reply: Reply) -> str:
    """The notification text that goes with the blocks."""
    return safe_mrkdwn(_NOTIFICATION.render(reply) or "…", FALLBACK_CHARS)


def chunks(blocks: list[Block]) -> list[list[Block]]:
    """Blocks in as many messages as Slack's 50-block limit requires, block ids unique in each."""
    blocks = unique_ids(blocks)
    return [blocks[k : k + BLOCKS_PER_MESSAGE] for k in range(0, len(blocks), BLOCKS_PER_MESSAGE)] or [[]]


def unique_ids(blocks: list[Block]) -> list[Block]:
    """Slack refuses a message whose blocks share a ``block_id`` (two replies in one message)."""
    seen: set[str] = set()
    result = []
    for block in blocks:
        block_id = block.get("block_id")
        if block_id is not None:
            n = 1
            while block_id in seen:
                n += 1
                block_id = f"{block['block_id']}~{n}"
            seen.add(block_id)
            block = {**block, "block_id": block_id}
        result.append(block)
    return result


def answered(blocks: list[Block], label: str, pressed_block: str = "") -> list[Block]:
    """The message once a button was pressed: a line saying which one in place of its buttons.

    A message may hold several replies' buttons (an article's, the question's): only the run of
    ``actions`` blocks holding ``pressed_block`` goes; without it, every button does."""
    runs: list[list[int]] = []
    for index, block in enumerate(blocks):
        if block.get("type") == "actions":
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
    chosen = [run for run in runs if any(blocks[i].get("block_id") == pressed_block for i in run)]
    gone = {i for run in (chosen or runs) for i in run}
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if block.get("block_id") == DONE:
            continue
        if index in gone:
            if index - 1 not in gone:
                kept.append(context(f"✔ {label}", DONE))
            continue
        kept.append(block if chosen else {k: v for k, v in block.items() if k != "accessory"})
    return kept


def is_ticket_card(blocks: list[Block]) -> bool:
    return any(block.get("block_id") == TICKET for block in blocks)
