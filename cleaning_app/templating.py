"""Filters and globals the templates use."""

from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask, current_app, has_request_context, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.routing import BuildError

from .cleanings import booking
from .fragments import FragmentStore, fragment, holed
from .models import CleaningType, Role, Weekday


def hourly_rate(price: Decimal) -> str:
    return f"${price:,.2f}/hr"


def time_ago(moment: datetime, now: datetime | None = None) -> str:
    # The site's one clock, which pages kept for a reader follow too.
    seconds = int(((now or booking.now()) - moment).total_seconds())
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


HIRES, CLEANS = "hires", "cleans"
# The navigation (CONTRACT "Cleaners: directory and invitations"): each
# link with who sees it. HIRES and CLEANS follow the user's role (both
# see both); anonymous visitors see the two calls to action; "members"
# every logged-in user; the admin link superusers only.
NAV_LINKS = [
    ("cleaners.index", "Find a cleaner", {HIRES, "anonymous"}),
    ("cleanings.index", "Find work", {CLEANS, "anonymous"}),
    ("cleanings.new", "Post a job", {HIRES}),
    ("cleanings.mine", "My jobs", {HIRES}),
    ("offers.mine", "My offers", {CLEANS}),
    ("feed.index", "Feed", {"members"}),
    ("account.index", "Account", {"members"}),
    ("admin.users", "Admin", {"superusers"}),
]


def audiences(user) -> set[str]:
    """Who `user` is to the navigation. The role comes with the login's
    own user query (auth/sessions.py), so this costs no query."""
    if not user.is_authenticated:
        return {"anonymous"}
    role = Role(user.role)
    found = {"members"}
    found |= {HIRES} if role.hires else set()
    found |= {CLEANS} if role.cleans else set()
    return found | ({"superusers"} if user.is_superuser else set())


# Built links, by everything that goes into them: werkzeug builds a URL in
# about 40 µs, and a job page asks for 30 or more. The app's only URL
# default (static files' content hash) is fixed per process, so a link
# built once is right for every later request with the same script root.
# External, anchored and blueprint-relative links are built each time.
# Each app keeps its own (app.extensions["urls"]): apps differ in routes.
MAX_URLS = 4096


def cached_url_for(endpoint: str, **values) -> str:
    if (
        endpoint.startswith(".")
        or not has_request_context()
        or any(name.startswith("_") for name in values)
    ):
        return url_for(endpoint, **values)
    urls = current_app.extensions["urls"]
    key = (request.script_root, endpoint, *sorted(values.items()))
    try:
        return urls[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable value, such as a list
        return url_for(endpoint, **values)
    if len(urls) >= MAX_URLS:
        urls.clear()
    found = urls[key] = url_for(endpoint, **values)
    return found


def _href(endpoint: str) -> str:
    try:
        return cached_url_for(endpoint)
    except BuildError:
        # The directory is its own part of issue 17; until its blueprint is
        # registered, its link goes to the CONTRACT's path.
        return "/cleaners"


def nav_links(user) -> tuple[tuple[str, str], ...]:
    """(href, label) of the links `user` sees, in order (a tuple: it is
    part of the kept navigation's key)."""
    mine = audiences(user)
    return tuple((_href(end), label) for end, label, who in NAV_LINKS if who & mine)


def register_template_helpers(app: Flask) -> None:
    app.extensions["urls"] = {}
    app.extensions["fragments"] = FragmentStore()
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
    # A hole inside a kept piece or page (fragments.py), filled per request.
    csrf_token = holed("csrf", lambda _: generate_csrf(), same_all_request=True)
    app.jinja_env.globals.update(
        CleaningType=CleaningType,
        Role=Role,
        Weekday=Weekday,
        fragment=fragment,
        url_for=cached_url_for,
        csrf_token=csrf_token,
    )

    @app.context_processor
    def navigation():
        # Also over Flask-WTF's own `csrf_token`, which its context
        # processor gives every page's top level.
        return {"NAV_LINKS": nav_links(current_user), "csrf_token": csrf_token}
