"""Filters and globals the templates use."""

from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask
from flask_login import current_user

from .cleanings import booking
from .models import CleaningType, Role, Weekday


def hourly_rate(price: Decimal) -> str:
    return f"${price:,.2f}/hr"


def time_ago(moment: datetime, now: datetime | None = None) -> str:
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in (
        (86400 * 365, "year"),
        (86400 * 30, "month"),
        (86400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def exact_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def booking_time(moment: datetime | None) -> str:
    """When a clean starts, in the site's zone: "Sat 12 Dec, 09:00" (the
    year added when it is not this year's)."""
    if moment is None:
        return "Date to be agreed"
    at = booking.local(moment)
    year = "" if at.year == booking.local(booking.now()).year else f" {at.year}"
    return f"{at:%a} {at.day} {at:%b}{year}, {at:%H:%M}"


def hours_text(hours: Decimal | None) -> str:
    """3 h, 2.5 h."""
    return "" if hours is None else f"{hours.normalize():f} h"


def home_size(bedrooms: int | None, bathrooms: int | None) -> str:
    """2 bed, 1 bath (a studio has 0 bedrooms)."""
    if bedrooms is None or bathrooms is None:
        return ""
    return f"{'Studio' if bedrooms == 0 else f'{bedrooms} bed'}, {bathrooms} bath"


def estimate(price: Decimal, hours: Decimal | None) -> str:
    """The estimated total, rate × hours: "about $97.50" ("" without hours)."""
    total = booking.estimate(price, hours)
    return "" if total is None else f"about ${total:,.2f}"


# Shown in the navigation to logged-in users; the admin link to superusers only.
NAV_LINKS = [
    ("feed.index", "Feed"),
    ("cleanings.mine", "My jobs"),
    ("offers.mine", "My offers"),
    ("cleanings.new", "Post a job"),
    ("account.index", "Account"),
    ("admin.users", "Admin"),
]


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        hourly_rate=hourly_rate,
        time_ago=time_ago,
        exact_time=exact_time,
        booking_time=booking_time,
        hours_text=hours_text,
        home_size=home_size,
        estimate=estimate,
    )
    # Labels and descriptions live on the enum: `cleaning.cleaning_type.label`,
    # or `CleaningType(value)` for a form's raw choice.
    app.jinja_env.globals.update(CleaningType=CleaningType, Role=Role, Weekday=Weekday)

    @app.context_processor
    def navigation():
        if getattr(current_user, "is_superuser", False):
            return {"NAV_LINKS": NAV_LINKS}
        return {"NAV_LINKS": [link for link in NAV_LINKS if link[0] != "admin.users"]}
