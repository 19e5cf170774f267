"""Modals: the recap's edit form and the text a button needs (``Choice.needs_text``).

Nothing is kept in memory between the press and the submission: the form is built from the
message that carried the button, and what the submission needs travels in the view's
``private_metadata`` (at most 3,000 characters).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from adapters.slack.blocks import FIELD, Block
from adapters.slack.escape import cut, plain, unmrkdwn

RECAP_FORM = "sb.recap_form"
TEXT_FORM = "sb.text_form"
TITLE_CHARS = 24
INPUT_CHARS = 3000
METADATA_CHARS = 3000


@dataclass(frozen=True)
class FormField:
    edit_id: str
    label: str
    value: str


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:12]


def recap_fields(blocks: list[Block]) -> list[FormField]:
    """The editable fields of a recap message, read back from its blocks."""
    fields = []
    for block in blocks:
        block_id = str(block.get("block_id", ""))
        if not block_id.startswith(FIELD):
            continue
        label, _, value = str(block.get("text", {}).get("text", "")).partition("\n")
        fields.append(FormField(block_id[len(FIELD) :], unmrkdwn(label.strip("*")), unmrkdwn(value)))
    return fields


def _view(callback_id: str, title: str, submit: str, close: str, blocks: list[Block], metadata: dict[str, Any]) -> Block:
    encoded = json.dumps(metadata, separators=(",", ":"), ensure_ascii=False)
    if len(encoded) > METADATA_CHARS:
        raise ValueError("form metadata over Slack's 3,000 characters")
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": cut(plain(title), TITLE_CHARS)},
        "submit": {"type": "plain_text", "text": cut(submit, TITLE_CHARS)},
        "close": {"type": "plain_text", "text": cut(close, TITLE_CHARS)},
        "private_metadata": encoded,
        "blocks": blocks,
    }


def _input(block_id: str, label: str, initial: str = "", *, optional: bool = False) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": INPUT_CHARS}
    if initial.strip():
        element["initial_value"] = initial[:INPUT_CHARS]
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": cut(plain(label), 2000)},
        "element": element,
    }


def recap_form(
    fields: list[FormField], *, title: str, submit: str, close: str, where: dict[str, Any]
) -> Block:
    blocks = [_input(f"f{k}", field.label, field.value, optional=True) for k, field in enumerate(fields)]
    metadata = {**where, "fields": [[field.edit_id, digest(field.value)] for field in fields]}
    return _view(RECAP_FORM, title, submit, close, blocks, metadata)


def text_form(prompt: str, *, title: str, submit: str, close: str, where: dict[str, Any], optional: bool = False) -> Block:
    return _view(TEXT_FORM, title, submit, close, [_input("text", prompt, optional=optional)], where)


def submitted(view: dict[str, Any]) -> dict[str, str]:
    """The values a submitted view carries, by input block id."""
    values: dict[str, str] = {}
    for block_id, inputs in view.get("state", {}).get("values", {}).items():
        value = inputs.get("value", {}).get("value")
        values[block_id] = value or ""
    return values


def changed_fields(view: dict[str, Any]) -> list[tuple[str, str]]:
    """``(edit_id, new value)`` for each recap field the user changed in the form."""
    metadata = json.loads(view.get("private_metadata") or "{}")
    values = submitted(view)
    changes = []
    for k, (edit_id, before) in enumerate(metadata.get("fields", [])):
        after = values.get(f"f{k}", "")
        if after.strip() and digest(after) != before:
            changes.append((str(edit_id), after))
    return changes


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(view.get("private_metadata") or "{}"))
