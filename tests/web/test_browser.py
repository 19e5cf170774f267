"""An agent signs in to the web desk with a link the bot sent on Telegram, finds a ticket by a
word, works it and requalifies it, and the ticket's card in the agents' Telegram group changes
(the requester is told of the new priority); the team lead reads the reports' charts and
downloads tables as CSV. Debian's Chromium, one per module. Screenshots of the queue, a ticket
and the reports are saved under var/screenshots/."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI
from tests.web.browser import Browser, browser_missing, start_chromium
from tests.web.conftest import Desk
from tests.web.seed import seed_desk


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    missing = browser_missing()
    if missing is not None:
        if IN_CI:
            pytest.fail(f"{missing} (CI=true: the browser tests are required)")
        pytest.skip(missing)
    profile, downloads = tmp_path_factory.mktemp("profile"), tmp_path_factory.mktemp("downloads")
    driver = start_chromium(profile, downloads)
    yield Browser(driver, downloads)
    driver.quit()


async def test_an_agent_signs_in_from_telegram_works_a_ticket_and_the_lead_reads_reports(
    make_desk: Any, chromium: Browser
) -> None:
    desk: Desk = await make_desk(seed=seed_desk)
    await desk.deliver()  # the seeded tickets' cards reach the agents' group
    link = await desk.sign_in_link()

    # The link shows whose it is, and signs in only when the button is pressed.
    await chromium.open(link)
    assert "Agnès Support" in await chromium.text()
    await chromium.click("#sign-in")
    assert (await chromium.url()).endswith("/queue")
    assert "12" not in await chromium.text("#total")  # the default view: open tickets only
    assert "Type" in await chromium.text("#queue thead") and "Logiciel" in await chromium.text("#queue thead")
    assert "Comptabilité" in await chromium.text("#queue") and "Globex" in await chromium.text("#queue")
    await chromium.screenshot("queue")

    # The queue's triage filters: accounting's tickets (routed there when qualified), then those still to qualify.
    await chromium.choose("#filter-queue", "compta")
    await chromium.click("#filters button.primary")
    assert "Question sur l'archivage des factures de 2019" in await chromium.text("#queue")
    assert await chromium.count("#queue tbody tr") == 3
    await chromium.open(f"{desk.base}/queue?type=none")
    assert await chromium.count("#queue tbody tr") == 2  # the empty dashboard and the technicians' planning

    # A word finds the ticket, with or without its accent.
    await chromium.open(f"{desk.base}/queue")
    await chromium.type("#search", "techniciens")
    await chromium.click("#filters button.primary")
    assert await chromium.count("#queue tbody tr") == 1
    assert "planning des techniciens" in await chromium.text("#queue")
    await chromium.click("#queue a.ref")
    reference = (await chromium.url()).rsplit("/", 1)[-1]
    assert "Nouvelle" in await chromium.text("#ticket-status")
    assert "Initech" in await chromium.text("#requester-context") and "@fanny_roux" in await chromium.text("#requester-context")

    # Claim it and reply: the same lifecycle as the chat buttons.
    await chromium.click("#do-claim")
    assert "En cours" in await chromium.text("#ticket-status")
    assert "Agnès Support" in await chromium.text("#assignee")
    await chromium.type("#text-reply", "Nous regardons le planning, merci de votre patience.")
    await chromium.click("#do-reply")
    await chromium.type("#text-note", "Vu avec l'équipe planning : cache serveur")
    await chromium.click("#do-note")
    conversation = await chromium.text("#conversation")
    assert "merci de votre patience" in conversation and "cache serveur" in conversation and "interne" in conversation

    # Requalify: type, priority, product, its module and a version, in one form.
    since = desk.fake.mark()
    await chromium.choose("#rq-type", "bug")
    await chromium.choose("#rq-priority", "blocking")
    await chromium.choose("#rq-product", "gestion")
    await chromium.choose("#rq-module", "mobile")
    await chromium.type("#rq-version", "2026.3")
    await chromium.click("#do-requalify")
    assert "requalifiée par Agnès Support" in await chromium.text("#flash")
    classification = await chromium.text("#classification")
    assert all(v in classification for v in ("Bug", "Bloquante", "Gestion commerciale", "Application mobile", "2026.3"))
    assert "Requalifiée" in await chromium.text("#trail")
    await chromium.screenshot("ticket")

    # The chat side follows: the card in the agents' group shows the new classification, and the
    # requester is told of the new priority, in their language.
    await desk.deliver()
    edits = [c.params["text"] for c in desk.fake.called("editMessageText", since=since) if reference in c.params.get("text", "")]
    assert edits and all(f"</b> : {v}" in edits[-1] for v in ("Bug", "Gestion commerciale", "Application mobile", "2026.3",
                                                              "bloquante"))
    told = " ".join(m["text"] for m in desk.fake.sent(700100204, since=since))
    assert f"La priorité de votre demande {reference} est maintenant" in told

    # Resolve: the note stays internal, the labelled message goes to the requester with the question.
    since = desk.fake.mark()  # the worker delivers as soon as the page's change commits
    await chromium.type("#text-res", "Cause : index du planning corrompu")
    await chromium.type("#message-res", "Le planning est rétabli, pouvez-vous vérifier ?")
    await chromium.click("#do-res")
    assert "Résolue" in await chromium.text("#ticket-status")
    assert "gardé en note interne" in await chromium.text("#flash")

    # Again the card is edited; the requester reads only what was for them.
    await desk.deliver()
    edits = [c for c in desk.fake.called("editMessageText", since=since) if reference in c.params.get("text", "")]
    assert edits and "Agnès Support" in edits[-1].params["text"] and "Résolue" in edits[-1].params["text"]
    to_requester = " ".join(m["text"] for m in desk.fake.sent(700100204))
    assert "merci de votre patience" in to_requester and "pouvez-vous vérifier" in to_requester
    assert "cache serveur" not in to_requester and "index du planning" not in to_requester

    # Reports: every chart drawn, every table downloadable.
    await chromium.click("nav a[href='/reports']")
    await chromium.click("#span-this_month")  # the month so far: 1 November to today
    assert (await chromium.url()).endswith("/reports?from=2026-11-01&to=2026-11-17")
    assert await chromium.count("svg.chart") == 7
    assert "Bug" in await chromium.text("#report-volume_by_type")
    assert await chromium.count("svg.chart rect, svg.chart circle") > 30
    assert "Vider le cache" in await chromium.text("#report-top_articles")
    await chromium.screenshot("reports", height=1800)
    await chromium.click("#csv-volume", navigates=False)
    rows = _csv(await chromium.downloaded("volume-2026-11-01"))
    assert rows[0][0] == "Période" and [r[0] for r in rows[1:]] == [f"2026-11-{day:02d}" for day in range(1, 18)]
    assert sum(int(r[-1]) for r in rows[1:]) == 12
    await chromium.click("#csv-volume_by_type", navigates=False)
    by_type = _csv(await chromium.downloaded("volume_by_type-2026-11-01"))
    assert by_type[0][:6] == ["Période", "Aide", "Bug", "Évolution", "Autre", "À qualifier"]
    assert sum(int(r[-1]) for r in by_type[1:]) == 12 and sum(int(r[2]) for r in by_type[1:]) == 7  # six, and this one
    await chromium.click("#tickets-csv", navigates=False)
    tickets = _csv(await chromium.downloaded("tickets-2026-11-01-2026-11-17"))  # the month's tickets, every status
    assert tickets[0][:9] == ["Référence", "Résumé", "Statut", "Priorité", "Type", "Logiciel", "Module", "Version",
                              "Urgence (demandeur)"]
    assert {r[0] for r in tickets[1:]} == {f"SUP-{n:06d}" for n in range(1, 13)}
    planning = next(r for r in tickets[1:] if r[0] == reference)
    assert planning[4:8] == ["Bug", "Gestion commerciale", "Application mobile", "2026.3"]

    # Signing out ends the session: the queue asks to sign in again, and the link is spent.
    await chromium.click("#sign-out")
    await chromium.open(f"{desk.base}/queue")
    assert "/signin" in await chromium.url()
    await chromium.open(link)
    assert "déjà servi" in await chromium.text("#refusal")


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))
