"""Render neutral replies as plain text; buttons fall back to numbered options."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.messages import ArticleCard, Choice, RecapCard, Reply, TextReply, TicketCard
from bot.text import fold


@dataclass
class Screen:
    """The numbered options currently on screen, so a typed number or label selects one."""

    options: list[Choice] = field(default_factory=list)

    def render(self, replies: list[Reply], keep: bool = False) -> str:
        """``keep``: add to the options on screen (a notice arriving) instead of replacing them."""
        if not keep:
            self.options = []
        blocks = [self._render_one(reply) for reply in replies]
        return "\n\n".join(block for block in blocks if block)

    def button_for(self, typed: str) -> str | None:
        stripped = typed.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.options):
            return self.options[int(stripped) - 1].id
        exact = [c.id for c in self.options if c.label == stripped]
        if len(exact) == 1:
            return exact[0]
        folded = fold(stripped)
        matches = [c.id for c in self.options if folded and fold(c.label) == folded]
        return matches[0] if len(matches) == 1 else None

    def _numbered(self, choices: tuple[Choice, ...]) -> list[str]:
        lines = []
        for choice in choices:
            self.options.append(choice)
            lines.append(f"  [{len(self.options)}] {choice.label}")
        return lines

    def _render_one(self, reply: Reply) -> str:
        if isinstance(reply, TextReply):
            lines = [reply.text] if reply.text else []
        elif isinstance(reply, ArticleCard):
            lines = [f"📄 {reply.title}", f"   {reply.snippet}"]
            if reply.url:
                lines.append(f"   {reply.url}")
        elif isinstance(reply, (RecapCard, TicketCard)):
            title = f"{reply.reference} — {reply.title}" if isinstance(reply, TicketCard) else reply.title
            lines = [f"== {title} =="] + [f"  {f.label}: {f.value}" for f in reply.fields]
        else:
            raise TypeError(f"the console cannot show a {type(reply).__name__}")
        return "\n".join(lines + self._numbered(reply.choices))
