"""A fake Slack Web API and Socket Mode server (see :mod:`tests.fakes.slack.server`)."""

from tests.fakes.slack.server import BOT_ID, BOT_USER_ID, TEAM_ID, Call, FakeSlack, UserGroup

__all__ = ["BOT_ID", "BOT_USER_ID", "TEAM_ID", "Call", "FakeSlack", "UserGroup"]
