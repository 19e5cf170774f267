"""Nothing lost, nothing doubled: the real ``supportbot run`` under SIGKILLs and a bad platform day.

Black-box: the crowd (tests/support/crowd) talks through the fake Slack and Telegram, the tally
reads what the fakes recorded. Marked ``fault`` (excluded by default; ``make fault`` runs them
and prints each tally). ``SUPPORTBOT_FAULT_LONG=1``: a bigger crowd for several minutes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.fault.campaign import CampaignPlan, run_campaign, verdict
from tests.support.crowd.report import render

pytestmark = pytest.mark.fault


@pytest.mark.parametrize(("kills", "lost_acks"), [
    pytest.param(True, True, id="sigkill+faults"),
    pytest.param(False, True, id="faults-only"),
    # Without the one fault the platform gives us no way to undo, nothing may be doubled at all.
    pytest.param(False, False, id="faults-no-lost-ack"),
])
async def test_nothing_is_lost_under_kills_and_faults(database_url: str, kills: bool, lost_acks: bool, tmp_path: Path) -> None:
    plan = CampaignPlan.from_environment(kills=kills, lost_acks=lost_acks)
    tally, bot = await run_campaign(plan, database_url, tmp_path)
    table = render(tally, f"{plan.describe()}, {make_url(database_url).get_backend_name()}")
    (tmp_path / "tally.txt").write_text(table + "\n")
    print("\n" + table)
    problems = verdict(tally, plan)
    assert not problems, "\n".join([*problems, table, f"bot log ({bot.log_path}):", bot.log_tail(25)])
