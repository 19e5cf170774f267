"""Slack user groups as requesters: members of a listed group may open tickets, others are refused.

Real Bolt and slack-sdk call ``usergroups.users.list`` (and ``usergroups.list`` for @handles)
on the fake Slack, which counts the calls; the bot's clock says when the answers go stale.
"""

from __future__ import annotations

import logging

import pytest

from bot.i18n import Catalog, Language
from tests.fakes.slack import UserGroup
from tests.slack.conftest import MakeWorkspace
from tests.slack.workspace import ALICE, BOB, SUPPORT, Workspace
from tests.support.clock import FakeClock

SUPPORT_USERS = "S0SUPPORT1"
CAROL = "U0CAROL01"
INTAKE_STARTED = "Merci, c'est noté"  # Alice writes in French
DENIED_EN = Catalog.load().text(Language.EN, "access.denied")  # Bob writes in English
DENIED_FR = Catalog.load().text(Language.FR, "access.denied")
MEMBERS = "usergroups.users.list"


async def answer_to(slack: Workspace, text: str, *, user: str) -> str:
    """What the bot answers, in the thread, to a top-level message in the support channel."""
    mark = slack.mark()
    body = await slack.say(text, user=user)
    (reply,) = await slack.next_posts(mark)
    assert reply.params["channel"] == SUPPORT and reply.params["thread_ts"] == body["event"]["ts"]
    return str(reply.params["text"])


async def test_a_member_of_a_listed_group_gets_the_intake_and_others_are_refused(
    make_workspace: MakeWorkspace,
) -> None:
    slack = await make_workspace(slack_requesters=f"{CAROL},{SUPPORT_USERS}")
    slack.fake.user_groups[SUPPORT_USERS] = UserGroup("support-users", [ALICE])

    assert INTAKE_STARTED in await answer_to(slack, "L'export PDF des factures plante", user=ALICE)
    assert await answer_to(slack, "The PDF export of invoices fails", user=BOB) == DENIED_EN
    assert INTAKE_STARTED in await answer_to(slack, "L'export PDF des factures plante", user=CAROL)  # listed by id
    (asked,) = slack.fake.calls_to(MEMBERS)  # one question to Slack for three messages
    assert asked.params["usergroup"] == SUPPORT_USERS


async def test_members_are_remembered_for_five_minutes_then_asked_again(
    make_workspace: MakeWorkspace, clock: FakeClock,
) -> None:
    slack = await make_workspace(slack_requesters=SUPPORT_USERS)
    slack.fake.user_groups[SUPPORT_USERS] = UserGroup("support-users", [ALICE])
    assert await answer_to(slack, "The PDF export of invoices fails", user=BOB) == DENIED_EN

    slack.fake.user_groups[SUPPORT_USERS].members.append(BOB)  # an admin adds Bob to the group
    clock.advance(minutes=4)
    assert await answer_to(slack, "The PDF export still fails", user=BOB) == DENIED_EN
    assert len(slack.fake.calls_to(MEMBERS)) == 1

    clock.advance(minutes=1, seconds=1)
    assert "(2/8)" in await answer_to(slack, "The PDF export fails again", user=BOB)
    assert len(slack.fake.calls_to(MEMBERS)) == 2


async def test_a_group_may_be_listed_by_its_handle(make_workspace: MakeWorkspace) -> None:
    slack = await make_workspace(slack_requesters="@Support-Users")
    slack.fake.user_groups |= {SUPPORT_USERS: UserGroup("support-users", [ALICE]), "S0OTHER01": UserGroup("other", [BOB])}

    assert INTAKE_STARTED in await answer_to(slack, "L'export PDF des factures plante", user=ALICE)
    assert await answer_to(slack, "The PDF export of invoices fails", user=BOB) == DENIED_EN
    assert len(slack.fake.calls_to("usergroups.list")) == 1
    assert [c.params["usergroup"] for c in slack.fake.calls_to(MEMBERS)] == [SUPPORT_USERS]


async def test_without_the_scope_members_are_refused_and_the_log_says_which_scope(
    make_workspace: MakeWorkspace, clock: FakeClock, caplog: pytest.LogCaptureFixture,
) -> None:
    slack = await make_workspace(slack_requesters=SUPPORT_USERS)
    slack.fake.user_groups[SUPPORT_USERS] = UserGroup("support-users", [ALICE])
    slack.fake.fail_next(MEMBERS, status=200, error="missing_scope", retry_after=None)

    with caplog.at_level(logging.WARNING, logger="adapters.slack.groups"):
        assert await answer_to(slack, "L'export PDF des factures plante", user=ALICE) == DENIED_FR
    assert "usergroups.users.list failed for user group S0SUPPORT1 (missing_scope)" in caplog.text
    assert "add the bot scope usergroups:read" in caplog.text

    clock.advance(seconds=31)  # the scope was added: the next try lets Alice in
    assert INTAKE_STARTED in await answer_to(slack, "L'export PDF des factures plante", user=ALICE)


async def test_an_unknown_group_lets_nobody_in(make_workspace: MakeWorkspace, caplog: pytest.LogCaptureFixture) -> None:
    slack = await make_workspace(slack_requesters="S0DELETED1,@nobody-here")
    with caplog.at_level(logging.WARNING, logger="adapters.slack.groups"):
        assert await answer_to(slack, "L'export PDF des factures plante", user=ALICE) == DENIED_FR
    assert "(no_such_subteam)" in caplog.text and "no enabled Slack user group has that handle" in caplog.text


async def test_slack_is_not_asked_about_groups_when_none_is_listed(make_workspace: MakeWorkspace) -> None:
    slack = await make_workspace(slack_requesters=f"{ALICE},{CAROL}")
    assert INTAKE_STARTED in await answer_to(slack, "L'export PDF des factures plante", user=ALICE)
    assert await answer_to(slack, "The PDF export of invoices fails", user=BOB) == DENIED_EN
    assert not slack.fake.calls_to("usergroups.list", MEMBERS)
