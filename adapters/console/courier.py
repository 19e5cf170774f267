"""Deliveries to the console: printed in the terminal of the process that owns that channel."""

from __future__ import annotations

import itertools
from typing import TextIO

from adapters.console.render import Screen
from bot.delivery import Delivery, DeliveryReceipt
from bot.messages import Platform


class ConsoleCourier:
    platform = Platform.CONSOLE

    def __init__(self, out: TextIO, screen: Screen, updated: str) -> None:
        self.out = out
        self.screen = screen
        self.updated = updated  # the header of a card shown again because it changed
        self._ids = itertools.count(1)

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        header = ""
        if delivery.open_thread:
            header = f"──── {delivery.open_thread} ────\n"
        elif delivery.edit is not None:
            header = f"({self.updated})\n"
        # Buttons of a notice become the numbered options of this terminal.
        print(f"\n{header}{self.screen.render(list(delivery.replies), keep=True)}", file=self.out, flush=True)
        message_id = f"console-{next(self._ids)}"
        return DeliveryReceipt(message_id, thread=message_id if delivery.open_thread else delivery.destination.thread)
