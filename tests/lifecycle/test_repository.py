"""The ticket repository: tickets found by reference, id, the agents' thread their card opened,
the notice a requester replies to, the thread they were filed from; open ones, a requester's."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.messages import ConversationKey, Platform
from bot.storage.models import OutboxRow
from bot.tickets.repository import TicketRepository
from bot.tickets.status import TicketStatus
from tests.lifecycle.support import RecordingCourier, console_agent, deliver_all, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket


async def test_every_way_of_finding_a_ticket(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(slack_bot_token="xoxb-test", slack_agents_channel="CAGENTS", agents="slack:UAGENT,console:agent",
                   tickets_per_day=0, messages_per_minute=0)
    alice = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="CSUPPORT", thread="1700000000.000001")
    first = file_ticket(alice)
    second = file_ticket(ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="D0U1"), "Le planning est vide")
    other = file_ticket(ChatDriver(bot.desk, "U2", platform=Platform.SLACK, channel="D0U2"), "La paie affiche 403")
    slack = RecordingCourier(Platform.SLACK, thread_ids=iter(["1700000000.000100", "1700000000.000200", "1700000000.000300"]))
    await deliver_all(bot, {Platform.SLACK: slack})
    console_agent(bot).say("list")
    ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS", name="Agathe").say(f"!close {other}")
    await deliver_all(bot, {Platform.SLACK: slack})
    first_id = ticket(bot, first).id
    with bot.sessions() as session:
        notice_id = session.scalars(select(OutboxRow.receipt_message_id).where(OutboxRow.channel == "D0U2")).first()
        assert notice_id is not None
        tickets = TicketRepository(session)
        assert tickets.by_reference(f"  {first.lower()} ", lock=False).reference == first  # type: ignore[union-attr]
        assert tickets.by_reference("SUP-" + "9" * 40, lock=False) is None
        assert tickets.by_id(first_id, lock=False).reference == first  # type: ignore[union-attr]
        assert tickets.by_id(2**31) is None and tickets.by_id(0) is None
        card_thread = ConversationKey(Platform.SLACK, "CAGENTS", "1700000000.000200")
        assert tickets.by_thread(card_thread).reference == second  # type: ignore[union-attr]
        assert tickets.by_thread(ConversationKey(Platform.SLACK, "COTHER", "1700000000.000200")) is None
        assert tickets.by_notice(ConversationKey(Platform.SLACK, "D0U2"), notice_id).reference == other  # type: ignore[union-attr]
        assert tickets.filed_from(alice.where).reference == first  # type: ignore[union-attr]
        assert [t.reference for t in tickets.open()] == [first, second]
        assert [t.reference for t in tickets.of_requester(Platform.SLACK, "U1")] == [second, first]
        assert tickets.status_counts(Platform.SLACK, "U2") == {TicketStatus.CLOSED: 1}
        page = tickets.listing(limit=2)
        assert ([t.reference for t in page.tickets], page.total) == ([other, second], 3)
        assert [t.reference for t in tickets.awaiting_answer(Platform.SLACK, "U2", since=bot.clock())] == [other]
        assert tickets.person_name(Platform.CONSOLE, "agent") == "Agathe Support"
