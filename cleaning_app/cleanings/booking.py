"""A job's booking: when, where and how big (CONTRACT "Bookings"), and the
clock's rules about it.

People type and read times in the site's zone (`PHRESH_TIMEZONE`); the
database keeps UTC `timestamptz`. Everything here converts at that edge
and nowhere else. A job without `starts_at` ("Date to be agreed": posted
before bookings existed, or through the API without one) never expires and
can be rated as soon as it has a hired cleaner, as before.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app

MAX_AHEAD = timedelta(days=365)


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["PHRESH_TIMEZONE"])


def now() -> datetime:
    return datetime.now(UTC)


def to_utc(day: date, at: time) -> datetime | None:
    """The UTC moment of a wall-clock time in the site's zone; None for a
    time the clocks skip that day (a daylight-saving gap)."""
    local = datetime.combine(day, at, tzinfo=zone())
    moment = local.astimezone(UTC)
    if moment.astimezone(zone()).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return moment


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's zone, in UTC: the bound
    of a date filter (a `to` date's bound is the next day's start)."""
    return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC)


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def ends_at(starts_at: datetime | None, hours: Decimal | None) -> datetime | None:
    if starts_at is None or hours is None:
        return None
    return starts_at + timedelta(hours=float(hours))


def has_started(starts_at: datetime | None, at: datetime | None = None) -> bool:
    """A dated job whose start has come: the hired cleaner may mark it done.
    An undated job has no start to wait for."""
    return starts_at is None or starts_at <= (at or now())


def is_expired(starts_at: datetime | None, at: datetime | None = None) -> bool:
    """The start has passed: with no hired cleaner, the job is expired
    (callers know whether it has one)."""
    return starts_at is not None and starts_at <= (at or now())


def is_done(job, at: datetime | None = None) -> bool:
    """Done: the hired cleaner said so, or the scheduled end has passed.
    `job` is anything with starts_at, hours and done_at (a model or a row)."""
    if job.done_at is not None:
        return True
    end = ends_at(job.starts_at, job.hours)
    return end is not None and end <= (at or now())


def can_rate(job, at: datetime | None = None) -> bool:
    """Whether the owner may rate the hired cleaner (and so the cleaner the
    owner): once the job is done; an undated job at once, as before."""
    return job.starts_at is None or is_done(job, at)


def estimate(price: Decimal, hours: Decimal | None) -> Decimal | None:
    """The estimated total, rate × hours, to the cent."""
    if hours is None:
        return None
    return (price * hours).quantize(Decimal("0.01"))
