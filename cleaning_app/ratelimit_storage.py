"""Rate-limit counters in the app's own PostgreSQL.

Flask-Limiter's `memory://` counts in each worker process, so two workers
let twice the stated attempts through. Redis would share the counts but is
one more service to run; the database is already there for every worker
and host. This is a `limits` storage registered under the scheme
`postgresql+limits://`, the rest of the URI being the database's URL
(`RATELIMIT_STORAGE_URI` defaults to it, see `use_database_by_default`).

Flask-Limiter's strategy here is the fixed window (`RATELIMIT_STRATEGY`),
which needs `incr`, `get`, `get_expiry`, `clear`, `check` and `reset`. A
counter is one row; `incr` is one atomic upsert, so simultaneous requests
on different workers never lose a count.
"""

import os
import time
from datetime import datetime, timedelta

from limits.storage import Storage
from sqlalchemy import (
    DateTime,
    Index,
    Integer,
    Text,
    case,
    create_engine,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import Timestamps

SCHEME = "postgresql+limits"
# Its own small pool: a counter is one short statement, and the request's
# own connection may be checked out meanwhile (a login looks up the user).
# Every wait is bounded, well below gunicorn's 30 s worker timeout.
ENGINE_OPTIONS = {
    "pool_size": 2,
    "max_overflow": 2,
    "pool_timeout": 5,
    "pool_pre_ping": True,
    "connect_args": {
        "connect_timeout": 5,
        "options": "-c statement_timeout=5s -c lock_timeout=5s",
    },
    # A counter shows on no page: its commits leave the kept pages be
    # (cleaning_app/pagecache.py), or every login would empty them.
    "execution_options": {"shows_on_pages": False},
}
# Expired rows are reused by their key; others are swept now and then.
PURGE_EVERY = 1000


class RateLimitCounter(Timestamps, db.Model):
    """One fixed window of one limit for one key (an address, an account)."""

    __tablename__ = "rate_limits"
    __table_args__ = (Index("ix_rate_limits_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


COUNTERS = RateLimitCounter.__table__
LIVE = COUNTERS.c.expires_at > func.now()


def storage_uri(database_url: str) -> str:
    """The storage URI for the database at `database_url`."""
    return f"{SCHEME}://{database_url.split('://', 1)[1]}"


def use_database_by_default(config) -> None:
    """Without a `RATELIMIT_STORAGE_URI`, count in the app's database."""
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = storage_uri(config["SQLALCHEMY_DATABASE_URI"])


class PostgresStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.url = make_url("postgresql://" + uri.split("://", 1)[1])
        self.options = {**ENGINE_OPTIONS, **options}  # RATELIMIT_STORAGE_OPTIONS
        self._engine = None
        self._pid = None
        self._increments = 0

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    @property
    def engine(self):
        # Made in the process that uses it: gunicorn may create the app
        # before forking its workers, and a pool must not cross a fork.
        if self._pid != os.getpid():
            self._engine = create_engine(self.url, **self.options)
            self._pid = os.getpid()
        return self._engine

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the key's window, starting a new window of
        `expiry` seconds when there is none or it has ended."""
        fresh = insert(COUNTERS).values(
            key=key, hits=amount, expires_at=func.now() + timedelta(seconds=expiry)
        )
        ended = COUNTERS.c.expires_at <= func.now()
        upsert = fresh.on_conflict_do_update(
            index_elements=[COUNTERS.c.key],
            set_={
                "hits": case(
                    (ended, fresh.excluded.hits),
                    else_=COUNTERS.c.hits + fresh.excluded.hits,
                ),
                "expires_at": case(
                    (ended, fresh.excluded.expires_at), else_=COUNTERS.c.expires_at
                ),
            },
        ).returning(COUNTERS.c.hits)
        with self.engine.begin() as connection:
            hits = connection.scalar(upsert)
            self._increments += 1
            if self._increments % PURGE_EVERY == 0:
                connection.execute(delete(COUNTERS).where(~LIVE))
        return hits

    def get(self, key: str) -> int:
        query = select(COUNTERS.c.hits).where(COUNTERS.c.key == key, LIVE)
        with self.engine.connect() as connection:
            return connection.scalar(query) or 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (seconds since the epoch); now when
        it has none."""
        ends = func.extract("epoch", COUNTERS.c.expires_at)
        query = select(ends).where(COUNTERS.c.key == key, LIVE)
        with self.engine.connect() as connection:
            ends_at = connection.scalar(query)
        return float(ends_at) if ends_at is not None else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(COUNTERS).where(COUNTERS.c.key == key))
