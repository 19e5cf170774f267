"""``supportbot chat``: one requester talking to the desk through standard input and output."""

from __future__ import annotations

import sys
import uuid
from typing import TextIO

from bot.desk import HelpDesk
from bot.i18n import Catalog, Language
from bot.messages import ConversationKey, InboundMessage, Platform, Sender
from adapters.console.render import Screen


def run_chat(
    desk: HelpDesk,
    catalog: Catalog,
    user_id: str,
    lang: Language,
    display_name: str = "",
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """Read one message per line until end of input; returns the exit code."""
    interactive = stdin.isatty()
    sender = Sender(Platform.CONSOLE, user_id, display_name or user_id, lang.value)
    where = ConversationKey(Platform.CONSOLE, user_id)
    screen = Screen()
    print(catalog.text(lang, "console.banner"), file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        text = line.rstrip("\n")
        button = screen.button_for(text) if text.strip() else None
        message = InboundMessage(
            sender=sender, where=where, text="" if button else text, button_id=button,
            event_id=f"console-{uuid.uuid4()}",
        )
        if not interactive:
            print(f"> {text}", file=stdout)
        print(screen.render(desk.handle(message)), file=stdout, flush=True)
    if interactive:
        print(file=stdout)
    return 0
