"""The baseline: a bare SQLAlchemy transaction that reads one row and writes it back.

On the bot's own engine (SQLite's BEGIN IMMEDIATE, PostgreSQL's pool and pre-ping included), run
from worker threads by as many simultaneous users as the desk's row, the same number of times.
Two forms: SQLAlchemy Core (``engine.begin()``, a SELECT and an UPDATE) and the ORM (a session
from a sessionmaker like the bot's, ``session.get`` then an attribute change): the floor a turn
could reach, and what the ORM alone costs for one row.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import Column, Engine, Integer, MetaData, Table, select, update
from sqlalchemy.orm import Mapped, mapped_column, registry, sessionmaker

metadata = MetaData()
one_row = Table("bench_one_row", metadata, Column("id", Integer, primary_key=True), Column("value", Integer, nullable=False))
_mapper = registry(metadata=MetaData())


@_mapper.mapped
class OneRow:
    __tablename__ = "bench_one_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int]


class BareTransactions:
    def __init__(self, engine: Engine, users: int) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(one_row.delete())
            connection.execute(one_row.insert(), [{"id": n, "value": 0} for n in range(users)])

    def core(self, user: int) -> None:
        with self.engine.begin() as connection:
            value = connection.execute(select(one_row.c.value).where(one_row.c.id == user)).scalar_one()
            connection.execute(update(one_row).where(one_row.c.id == user).values(value=value + 1))

    def orm(self, user: int) -> None:
        with self.sessions.begin() as session:
            row = session.get(OneRow, user)
            assert row is not None
            row.value += 1

    async def user(self, form: str, user: int, turns: int, latencies: list[float]) -> None:
        transaction = self.core if form == "core" else self.orm
        for _ in range(turns):
            started = time.perf_counter()
            await asyncio.to_thread(transaction, user)
            latencies.append(time.perf_counter() - started)

    def drop(self) -> None:
        metadata.drop_all(self.engine)
