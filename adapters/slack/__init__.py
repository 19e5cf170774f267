"""The Slack adapter: Socket Mode or HTTP events in, Block Kit messages out.

``app`` wires Bolt to the desk; ``events`` and ``interactions`` translate what arrives;
``blocks``, ``forms`` and ``escape`` shape what leaves; ``courier`` posts it.
"""

from adapters.slack.app import SlackService
from adapters.slack.courier import SlackCourier

__all__ = ["SlackCourier", "SlackService"]
