"""Issue 13's triage on the web desk, through the real core on SQLite and PostgreSQL: the queue's
type, product, queue and organisation columns and filters; one search for the web queue, chat and
the command line (the same tickets for the same words, a requester never matching an internal
note); requalification, a move to another queue, a merge and a canned response from the ticket
page through the ticket service, with chat's rules, audit, SLA and notices."""

from __future__ import annotations

from adapters.web.desk_port import DeskPort
from bot.delivery import OutboundKind
from bot.lifecycle.ticket_buttons import AgentAction
from bot.messages import Platform
from bot.queue.vocabulary import Family
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus
from bot.triage.fields import TriageField
from tests.desk.support import account, cell, query, refs, view_of
from tests.lifecycle.support import events, last_outbox_id, notices, outbox, ticket
from tests.support.chat import ChatDriver

F = TriageField


def sup(*numbers: int) -> set[str]:
    return {f"SUP-{n:06d}" for n in numbers}


def test_the_queue_shows_filters_and_sorts_by_the_triage_fields(desk: DeskPort) -> None:
    assert set(refs(desk, type="bug")) == sup(1, 2, 4, 5, 6, 9)
    assert set(refs(desk, type="none")) == sup(8, 10)  # still to qualify
    assert set(refs(desk, product="compta")) == sup(5, 9, 11)
    assert set(refs(desk, product="none")) == sup(8, 10, 12)
    assert set(refs(desk, queue="compta")) == sup(5, 9, 11)  # new tickets the accounting product routed there
    assert set(refs(desk, queue="support")) == sup(1, 2, 3, 4, 6, 7, 8, 10, 12)
    page = desk.queue(query())
    organisations = {label.fr: value for value, label in page.vocabulary.options(Family.ORGANISATION)}
    assert set(refs(desk, organisation=organisations["Globex"])) == sup(4, 5)
    assert set(refs(desk, organisation="none")) == sup(3, 7, 8, 9, 11, 12)
    assert refs(desk, type="nothing-like-it") == [] and refs(desk, organisation="99999") == []
    assert len(refs(desk, type="Not an id!")) == 12  # a value no filter accepts is no filter
    rows = {r.reference: r for r in page.rows}
    first = rows["SUP-000001"]
    assert [cell(first, k) for k in ("type", "product", "module", "version", "organisation", "contract", "queue")] == [
        "bug", "gestion", "gestion/factures", "2026.3", "ACME", "premium", "support"]
    assert cell(rows["SUP-000011"], "queue") == "compta" and cell(rows["SUP-000010"], "type") is None
    by_organisation = [cell(r, "organisation") for r in desk.queue(query(sort="organisation", descending=False)).rows]
    assert by_organisation[-2:] == ["Initech", "Initech"] and by_organisation[:6] == [None] * 6
    by_queue = [cell(r, "queue") for r in desk.queue(query(sort="queue", descending=True)).rows]
    assert by_queue[:9] == ["support"] * 9 and by_queue[9:] == ["compta"] * 3
    assert page.vocabulary.label(Family.MODULE, "gestion/mobile", desk.bot.agents_language) == "Application mobile"


# Typed searches, each with the tickets chat's search finds for them (and so must the web queue).
SEARCHES = [
    ("factures", sup(1, 7, 11)), ("org:globex", sup(4, 5)), ("requester:nadia", sup(8)), ("status:new", sup(10, 11, 12)),
    ("type:bug product:compta", sup(5, 9)), ("SUP-000004", sup(4)), ("equipe data", sup(8)), ("fiscalité", sup(5)),
    ("initech planning", sup(10)), ("gestion stocks", sup(2)), ("version:2026.2", sup(4)), ("bug org:acme", sup(1, 2)),
]


def test_one_search_finds_the_same_tickets_on_the_web_in_chat_and_on_the_command_line(desk: DeskPort) -> None:
    bot = desk.bot
    for typed, expected in SEARCHES:
        assert set(refs(desk, q=typed)) == expected, typed
        with bot.sessions() as session:
            outcome = bot.finder.search(session, typed, limit=50)
            assert outcome.page is not None and {t.reference for t in outcome.page.tickets} == expected, typed
    for typed, why in (("zz", "too_short"), ("org:nobody", "unknown_organisation"), ("status:vieux", "problems")):
        page = desk.queue(query(q=typed))
        assert page.rows == [] and page.search is not None and page.search.conditions is None
        assert getattr(page.search, why), typed


def test_a_requester_never_finds_their_ticket_by_what_only_agents_read(desk: DeskPort) -> None:
    nadia = ChatDriver(desk.bot.desk, "700100203", platform=Platform.TELEGRAM, name="Nadia Benali")
    nadia.say("/chercher tableau de bord")
    assert "SUP-000008" in nadia.text()
    nadia.say("/chercher équipe data")  # words of an internal note on her ticket
    assert "SUP-000008" not in nadia.text() and nadia.text().startswith("Aucune de vos demandes")
    denise = ChatDriver(desk.bot.desk, "700100202", platform=Platform.TELEGRAM, name="Denise Lambert")
    denise.say("/chercher fiscalité")  # the escalation's reason: internal
    assert "SUP-000005" not in denise.text()
    denise.say("/chercher TVA intracommunautaire")
    assert "SUP-000005" in denise.text()


def test_requalifying_on_the_page_goes_through_the_ticket_service_as_chat_does(desk: DeskPort) -> None:
    bot, agent = desk.bot, account(desk)
    before = ticket(bot, "SUP-000012")  # new, minor, a help request, nobody's
    mark = last_outbox_id(bot)
    changes = [(F.PRIORITY, "blocking"), (F.PRODUCT, "gestion"), (F.MODULE, "stocks"), (F.VERSION, "2026.3")]
    done = desk.requalify(agent, "SUP-000012", changes, None, [])
    assert done.result is not None and done.result.after is TicketStatus.NEW
    after = ticket(bot, "SUP-000012")
    assert (after.priority.value, after.product, after.module, after.version) == ("blocking", "gestion", "stocks", "2026.3")
    assert after.ack_due_at is not None and before.ack_due_at is not None and after.ack_due_at < before.ack_due_at
    assert events(bot, "SUP-000012")[-1].kind == "requalified" and "Stocks" in events(bot, "SUP-000012")[-1].note
    assert [n.text for n in notices(bot, after=mark)] == [
        "La priorité de votre demande SUP-000012 est maintenant : bloquante (logiciel inutilisable)."]
    assert any(row.kind is OutboundKind.CARD_UPDATE for row in outbox(bot, after=mark))

    # The queue, alone: a move to the accounting queue, whose group gets the card.
    mark = last_outbox_id(bot)
    moved = desk.requalify(agent, "SUP-000012", [], "compta", [])
    assert moved.result is not None and ticket(bot, "SUP-000012").queue == "compta"
    assert events(bot, "SUP-000012")[-1].kind == "routed"
    assert any(row.channel == "-1001000000002" and row.kind is OutboundKind.AGENT_CARD for row in outbox(bot, after=mark))

    # Refusals are the service's, in the agent's words, and change nothing.
    same = desk.requalify(agent, "SUP-000012", [], None, [(F.PRIORITY, "blocking"), (F.PRODUCT, "gestion")])
    assert same.result is None and same.refusal.startswith("SUP-000012 a déjà cette valeur")
    wrong = desk.requalify(agent, "SUP-000012", [(F.PRIORITY, "low"), (F.MODULE, "tva")], None, [])
    assert wrong.result is None and "« tva » n'est pas" in wrong.refusal
    assert ticket(bot, "SUP-000012").priority.value == "blocking"  # the whole form or nothing
    lead = account(desk, "900300499", "Léa Cheffe")
    assert desk.requalify(lead, "SUP-000012", [(F.TYPE, "bug")], None, []).result is None


def test_a_product_routes_a_new_ticket_before_an_explicit_queue_is_looked_at(desk: DeskPort) -> None:
    agent = account(desk)
    done = desk.requalify(agent, "SUP-000010", [(F.PRODUCT, "compta")], "compta", [])  # routed there by its product
    assert done.result is not None and ticket(desk.bot, "SUP-000010").queue == "compta"
    assert [e.kind for e in events(desk.bot, "SUP-000010")][-2:] == ["requalified", "routed"]


def test_the_toolbox_on_the_page_merges_a_duplicate_and_sends_a_canned_response(desk: DeskPort) -> None:
    bot, agent = desk.bot, account(desk)
    mark = last_outbox_id(bot)
    sent = desk.act(agent, "SUP-000012", AgentAction.CANNED, value="screenshot")
    assert sent.result is not None and sent.result.after is TicketStatus.IN_PROGRESS  # a new ticket: the agent takes it
    texts = [n.text for n in notices(bot, after=mark)]
    assert texts[0].startswith("Votre demande SUP-000012 est prise en charge par Agnès Support")
    assert "capture d'écran" in texts[1]
    unknown = desk.act(agent, "SUP-000012", AgentAction.CANNED, value="nope")
    assert unknown.result is None and "« nope »" in unknown.refusal
    merged = desk.act(agent, "SUP-000012", AgentAction.MERGE, "sup-000006")
    assert merged.result is not None and merged.result.after is TicketStatus.CLOSED
    view = view_of(desk, "SUP-000012")
    assert view.merged_into == "SUP-000006"
    kept = [e for e in view_of(desk, "SUP-000006").trail if e.kind is TicketEventKind.MERGED]
    assert kept and "SUP-000012" in kept[0].note and kept[0].internal
    again = desk.act(agent, "SUP-000011", AgentAction.MERGE, "SUP-000012")
    assert again.refusal == "Impossible de fusionner SUP-000011 dans SUP-000012 : SUP-000012 a elle-même été fusionnée."
