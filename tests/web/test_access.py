"""Nothing of a ticket without a session, no form without its CSRF token, a link works once and
only for a while, sign-in attempts are limited, reports are for team leads, requesters never
get a link. Real HTTP against the desk; links obtained from the bot through the fake Telegram."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from adapters.web.app import make_web_app
from bot.messages import Platform
from tests.support.clock import FakeClock
from tests.web.conftest import PLAIN_AGENT_ID, Desk, fetch
from tests.web.seed import ACCOUNTING_AGENT_ID, TRIAGE_FILE, file, requester


async def signed_in(desk: Desk, link: str) -> dict[str, str]:
    status, _, headers = await fetch(link, method="POST")
    assert status == 303, status
    cookie = re.search(r"supportbot_session=([^;]+)", headers["Set-Cookie"])
    assert cookie is not None
    return {"supportbot_session": cookie.group(1)}


async def csrf_of(desk: Desk, cookies: dict[str, str], path: str = "/queue") -> str:
    _, page, _ = await fetch(desk.base + path, cookies=cookies)
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def a_ticket(desk: Desk) -> str:
    return file(requester(desk.bot, "alice", Platform.CONSOLE), "L'export PDF des factures plante", "major")


def every_route(desk: Desk) -> list[tuple[str, str, bool]]:
    """(method, example path, public) for every route the desk serves: a new page is checked here too."""
    app = make_web_app(desk.bot, desk.served.metrics)
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix", "")
        path = path.replace("{reference}", "SUP-000001").replace("{token}", "x" * 43).replace("{key}", "volume")
        if route.method == "HEAD":
            continue
        found.append((route.method, path, bool(getattr(route.handler, "public", False)) or path.startswith("/static")))
    return found


async def test_without_a_session_every_page_sends_to_sign_in_and_every_action_is_refused(make_desk: Any) -> None:
    desk: Desk = await make_desk()
    reference = a_ticket(desk)
    private = [(m, p) for m, p, public in every_route(desk) if not public]
    assert {("GET", "/queue"), ("GET", "/reports"), ("POST", "/tickets/SUP-000001/actions")} <= set(private)
    for method, path in private:
        status, body, headers = await fetch(desk.base + path, method=method, data={"action": "claim", "text": "x"})
        if method == "GET":
            assert status == 303 and headers["Location"].startswith("/signin?next="), (method, path, status)
        else:
            assert status == 401, (method, path, status)
        assert "L'export PDF" not in body
    # A forged cookie is no session either.
    status, _, _ = await fetch(f"{desk.base}/tickets/{reference}", cookies={"supportbot_session": "forged"})
    assert status == 303
    with desk.bot.sessions() as session:
        from bot.storage.models import TicketEventRow

        assert session.query(TicketEventRow).count() == 1  # only its filing: nothing was done to it


async def test_forms_need_the_sessions_csrf_token_and_our_own_origin(make_desk: Any) -> None:
    desk: Desk = await make_desk()
    reference = a_ticket(desk)
    cookies = await signed_in(desk, await desk.sign_in_link())
    token = await csrf_of(desk, cookies)
    url = f"{desk.base}/tickets/{reference}/actions"
    for data in ({"action": "claim"}, {"action": "claim", "csrf": "0" * 64}):
        status, _, _ = await fetch(url, method="POST", cookies=cookies, data=data)
        assert status == 403
    status, _, _ = await fetch(url, method="POST", cookies=cookies, data={"action": "claim", "csrf": token},
                               headers={"Origin": "https://evil.example"})
    assert status == 403
    page = (await fetch(f"{desk.base}/tickets/{reference}", cookies=cookies))[1]
    assert "Nouvelle" in page  # none of the above reached the ticket
    status, _, headers = await fetch(url, method="POST", cookies=cookies, data={"action": "claim", "csrf": token},
                                     headers={"Origin": desk.base})
    assert status == 303 and "done=claim" in headers["Location"]
    # Another session's token is not this one's.
    other = await signed_in(desk, await desk.sign_in_link(PLAIN_AGENT_ID, "Paul"))
    status, _, _ = await fetch(url, method="POST", cookies=other, data={"action": "resolve", "csrf": token})
    assert status == 403


async def test_a_link_signs_in_once_and_not_after_it_expires(make_desk: Any, clock: FakeClock) -> None:
    desk: Desk = await make_desk(web_link_minutes=10)
    link = await desk.sign_in_link()
    status, page, _ = await fetch(link)
    assert status == 200 and "Agnès Support" in page  # looking at it (as a chat preview does) does not use it
    await signed_in(desk, link)
    status, page, _ = await fetch(link, method="POST")
    assert status == 410 and "déjà servi" in page
    later = await desk.sign_in_link()
    clock.advance(minutes=11)
    status, page, _ = await fetch(later, method="POST")
    assert status == 410 and "expiré" in page
    status, _, _ = await fetch(desk.base + "/signin/" + "A" * 43, method="POST")
    assert status == 404


async def test_failed_sign_ins_are_limited_per_address(make_desk: Any) -> None:
    desk: Desk = await make_desk(web_sign_in_attempts=3)
    link = await desk.sign_in_link()
    for n in range(3):
        status, _, _ = await fetch(f"{desk.base}/signin/{'guess' + str(n) * 40}", method="POST")
        assert status == 404
    status, page, _ = await fetch(link, method="POST")  # even a good link, from this address, for a while
    assert status == 429 and "Trop de connexions" in page


async def test_sessions_expire_and_sign_out_ends_them(make_desk: Any, clock: FakeClock) -> None:
    desk: Desk = await make_desk(web_session_hours=8)
    cookies = await signed_in(desk, await desk.sign_in_link())
    assert (await fetch(desk.base + "/queue", cookies=cookies))[0] == 200
    clock.advance(hours=9)
    assert (await fetch(desk.base + "/queue", cookies=cookies))[0] == 303
    cookies = await signed_in(desk, await desk.sign_in_link())
    token = await csrf_of(desk, cookies)
    assert (await fetch(desk.base + "/signout", method="POST", cookies=cookies, data={"csrf": token}))[0] == 303
    assert (await fetch(desk.base + "/queue", cookies=cookies))[0] == 303


async def test_reports_are_for_team_leads_and_requesters_never_get_a_link(make_desk: Any) -> None:
    desk: Desk = await make_desk()
    agent = await signed_in(desk, await desk.sign_in_link(PLAIN_AGENT_ID, "Paul"))
    assert (await fetch(desk.base + "/queue", cookies=agent))[0] == 200
    for path in ("/reports", "/reports/volume.csv"):
        assert (await fetch(desk.base + path, cookies=agent))[0] == 403
    lead = await signed_in(desk, await desk.sign_in_link())
    assert (await fetch(desk.base + "/reports", cookies=lead))[0] == 200
    # A customer asking for a link is told the desk is for the support team, and no link is sent anywhere.
    customer = desk.person("700100999", "Camille", "Dupont")
    since = desk.fake.mark()
    answer = " ".join(m["text"] for m in await customer.say("/web"))
    await desk.deliver()
    assert "réservé à l'équipe support" in answer
    assert not any("/signin/" in m.get("text", "") for m in desk.fake.sent(since=since))


async def test_an_agent_removed_from_the_settings_loses_the_desk(make_desk: Any, make_bot: Any) -> None:
    desk: Desk = await make_desk()
    cookies = await signed_in(desk, await desk.sign_in_link(PLAIN_AGENT_ID, "Paul"))
    assert (await fetch(desk.base + "/queue", cookies=cookies))[0] == 200
    smaller = await make_desk(agents=f"telegram:{desk.bot.settings.agents.split(',')[0].split(':')[1]}",
                              database_url=desk.bot.settings.database_url)
    assert (await fetch(smaller.base + "/queue", cookies=cookies))[0] == 303


@pytest.mark.parametrize("wanted", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
async def test_after_sign_in_the_desk_never_sends_the_browser_elsewhere(make_desk: Any, wanted: str) -> None:
    desk: Desk = await make_desk()
    link = URL(await desk.sign_in_link()).with_query(next=wanted)
    status, _, headers = await fetch(str(link), method="POST")
    assert status == 303 and headers["Location"] == "/queue"


async def test_pages_speak_the_agents_language_and_https_cookies_are_secure(make_desk: Any) -> None:
    desk: Desk = await make_desk(web_base_url="https://desk.example.com")
    link = await desk.sign_in_link(PLAIN_AGENT_ID, "Paul", lang="en")
    assert link.startswith("https://desk.example.com/signin/")
    local = desk.base + link.removeprefix("https://desk.example.com")
    status, _, headers = await fetch(local, method="POST")
    cookie = headers["Set-Cookie"]
    assert status == 303 and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    session = {"supportbot_session": re.search(r"supportbot_session=([^;]+)", cookie).group(1)}  # type: ignore[union-attr]
    page = (await fetch(desk.base + "/queue", cookies=session))[1]
    assert "Sign out" in page and "Open tickets" in page and "Se déconnecter" not in page
    token = await csrf_of(desk, session)
    await fetch(desk.base + "/language", method="POST", cookies=session, data={"csrf": token, "lang": "fr"})
    assert "Se déconnecter" in (await fetch(desk.base + "/queue", cookies=session))[1]


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_odd_requests_get_an_answer_never_a_crash(make_desk: Any, request: pytest.FixtureRequest,
                                                         database: str) -> None:
    overrides = {"database_url": request.getfixturevalue("postgres_url")} if database == "postgres" else {}
    desk: Desk = await make_desk(**overrides)
    a_ticket(desk)
    cookies = await signed_in(desk, await desk.sign_in_link())
    token = await csrf_of(desk, cookies)
    odd_pages = {
        "/queue?page=-3&sort=nope&dir=sideways&status=lost&priority=%00&sla=x&assignee=a:b:c&created_from=2026-13-45": 200,
        "/queue?q=" + "%F0%9F%98%80" * 300: 200, "/queue.csv?q=%25%25%5F&created_to=yesterday": 200,
        "/queue?page=99999999999999999999": 200, "/queue?page=%D9%A3": 200,
        "/tickets/" + "X" * 500: 404, "/tickets/%E2%80%AEsup-000001": 404, "/tickets/sup-000001": 200,
        "/tickets/SUP-%00": 404, "/tickets/SUP-99999999999": 404, "/queue?assignee=slack:U1%00": 200,
        "/reports?from=2026-12-01&to=2020-01-01&period=year": 200, "/reports?from=1900-01-01": 200,
        "/reports/nope.csv": 404, "/queue?type=%00&product=X!&queue=../..&organisation=-1": 200,
        "/queue?q=org:nobody%20status:lost": 200, "/queue.csv?type=none&organisation=none": 200,
    }
    for path, expected in odd_pages.items():
        status, _, _ = await fetch(desk.base + path, cookies=cookies)
        assert status == expected, (path, status)
    actions = f"{desk.base}/tickets/SUP-000001/actions"
    posts = [({"csrf": token, "action": "explode"}, 400, "Unknown action."),
             ({"csrf": token, "action": "reply", "text": "\x00" * 10}, 409, "Il manque le texte : Message au demandeur."),
             ({"csrf": token, "action": "note", "text": "x" * 100_000}, 422, "la limite est 4000. Rien n&#39;a été fait"),
             ({"csrf": token, "action": "claim"}, 303, "")]
    for data, expected, said in posts:
        status, body, _ = await fetch(actions, method="POST", cookies=cookies, data=data)
        assert status == expected and said in body, (data["action"], status)
    requalify = f"{desk.base}/tickets/SUP-000001/requalify"
    forms = [({"csrf": token, "type": "nonsense"}, 409, "« nonsense » n&#39;est pas"),
             ({"csrf": token, "priority": "\x00" * 500}, 409, "n&#39;est pas"), ({"csrf": token}, 400, "Nothing to requalify."),
             ({"csrf": token, "queue": "nowhere"}, 409, "« nowhere »"), ({"csrf": token, "module": "tva"}, 409, "« tva »"),
             ({"csrf": token, "type": "bug", "version": "2026.3"}, 303, "")]
    for data, expected, said in forms:
        status, body, _ = await fetch(requalify, method="POST", cookies=cookies, data=data)
        assert status == expected and said in body, (data, status)


async def test_where_queues_restrict_the_page_refuses_what_chat_refuses(make_desk: Any, tmp_path: Path) -> None:
    triage = tmp_path / "triage.toml"
    triage.write_text('queue_access = "restricted"\n' + TRIAGE_FILE.read_text("utf-8"), "utf-8")
    desk: Desk = await make_desk(triage_file=triage)
    reference = a_ticket(desk)  # the default queue's
    colette = await signed_in(desk, await desk.sign_in_link(ACCOUNTING_AGENT_ID, "Colette"))
    token = await csrf_of(desk, colette)
    status, page, _ = await fetch(f"{desk.base}/tickets/{reference}", cookies=colette)
    refusal = f"{reference} est dans la file « Support » : seuls ses agents et les responsables d&#39;équipe agissent dessus"
    assert status == 200 and refusal in page and 'id="do-claim"' not in page and 'id="form-requalify"' not in page
    for path, data in (("actions", {"action": "claim"}), ("requalify", {"type": "bug"})):
        status, page, _ = await fetch(f"{desk.base}/tickets/{reference}/{path}", method="POST", cookies=colette,
                                      data={"csrf": token, **data})
        assert status == 409 and refusal in page, path
    lead = await signed_in(desk, await desk.sign_in_link())  # a team lead, and an agent: everywhere
    status, page, _ = await fetch(f"{desk.base}/tickets/{reference}", cookies=lead)
    assert 'id="do-claim"' in page and 'id="form-requalify"' in page
