"""Building iCalendar (RFC 5545) text from booked cleans.

Times are written in UTC (`DTSTART:20261212T090000Z`): every calendar app
reads that form the same way and shows it in the reader's own zone, while
a TZID needs a VTIMEZONE that apps are known to read differently. So the
site's zone (PHRESH_TIMEZONE) decides only how people type a time, never
what instant lands in their calendar.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vDuration

from ..cleanings import booking
from ..models import CleaningType

PRODID = "-//Phresh//Booked cleans//EN"
# How often a subscribed app should fetch the feed again (apps that read
# these hints; others choose for themselves).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class Where:
    """What an event needs beyond its row: the reader (whose other side
    the description names), the job page's address and the site's host."""

    viewer_id: int
    job_url: str
    host: str


def calendar(events: list[Event], name: str | None = None) -> bytes:
    """A VCALENDAR of `events`; `name` makes it a feed's named calendar."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def event(clean, where: Where) -> Event:
    """One booked clean (a queries row) as a VEVENT."""
    ev = Event()
    _identify(ev, clean, where.host)
    ev.add("dtstart", _utc(clean.starts_at))
    end = booking.ends_at(clean.starts_at, clean.hours)
    if end is not None:  # an API job may give a start without hours
        ev.add("dtend", _utc(end))
    ev.add("summary", f"{clean.name} ({CleaningType(clean.cleaning_type).label})")
    location = ", ".join(part for part in (clean.address, clean.area) if part)
    if location:
        ev.add("location", location)
    ev.add("description", _description(clean, where))
    ev.add("url", where.job_url)
    ev.add("status", "CONFIRMED")
    return ev


def _identify(ev: Event, clean, host: str) -> None:
    """The UID never changes, and SEQUENCE and LAST-MODIFIED follow the
    row's last change, so an app that has the event updates it rather than
    adding a second one."""
    ev.add("uid", f"cleaning-{clean.id}@{host}")
    ev.add("dtstamp", _utc(clean.updated_at))
    ev.add("created", _utc(clean.created_at))
    ev.add("last-modified", _utc(clean.updated_at))
    ev.add("sequence", _sequence(clean.created_at, clean.updated_at))


def _utc(moment: datetime) -> datetime:
    """The database's offset-carrying time as UTC, which icalendar writes
    with a Z (to the second: RFC 5545 has no fractions)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def _sequence(created_at: datetime, updated_at: datetime) -> int:
    """Seconds from creation to the last change: grows with every edit."""
    return max(0, int((updated_at - created_at).total_seconds()))


def _description(clean, where: Where) -> str:
    if where.viewer_id == clean.owner_id:
        other = ("Your cleaner", clean.cleaner_name, clean.cleaner_username)
    else:
        other = ("The owner", clean.owner_name, clean.owner_username)
    label, full_name, username = other
    who = f"{full_name} (@{username})" if full_name else f"@{username}"
    rate = f"Rate: ${clean.price:,.2f}/hr"
    total = booking.estimate(clean.price, clean.hours)
    if total is not None:
        rate += f", about ${total:,.2f} in all"
    return "\n".join([f"{label}: {who}", rate, f"Job: {where.job_url}"])
