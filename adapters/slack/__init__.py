"""The Slack adapter: Socket Mode or HTTP events in, Block Kit messages out.

``service`` connects (Socket Mode) or serves (HTTP) the Bolt app that ``app`` wires to the
listeners; ``events`` and ``interactions`` translate what arrives;
``blocks``, ``forms`` and ``escape`` shape what leaves; ``courier`` posts it.
"""

from adapters.slack.courier import SlackCourier
from adapters.slack.service import SlackService

__all__ = ["SlackCourier", "SlackService"]
