"""What is on a terminal: the core's text rendering of the replies, and the numbered options shown,
so that a typed number (``#3``, or ``3`` when the question does not wait for a number) or a typed
label picks one."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.messages import Choice, Reply
from bot.rendering import choose, render_text


@dataclass
class Screen:
    options: list[Choice] = field(default_factory=list)
    numeric_answer: bool = False

    def render(self, replies: list[Reply], keep: bool = False) -> str:
        """``keep``: add to the options on screen (a notice arriving) instead of replacing them."""
        if not keep:
            self.options = []
        shown = render_text(replies, numbered_before=len(self.options))
        self.options += shown.options
        if not keep:
            self.numeric_answer = shown.numeric_answer
        return shown.text

    def button_for(self, typed: str) -> str | None:
        return choose(typed, self.options, self.numeric_answer)
