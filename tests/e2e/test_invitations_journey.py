"""Journey: a resident finds a cleaner on /cleaners by area and kind of
clean and invites them to a job (with JavaScript: the filters update the
list in place and the card says "Invited" in place; without: a plain GET
and a plain POST that come back to the same filtered page). The cleaner
logs in, sees the notification, then "You're invited" on the job, and
offers; the resident sees who was invited and who offered."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cleaning_app.extensions import db
from cleaning_app.models import CleanerProfile

from ..builders import BOOKED, make_cleaning, make_user
from .conftest import check_accessibility, log_in, mark_window, screenshot

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])


def make_cleaner(app, username, full_name, services, areas):
    user = make_user(app, username, role="clean", full_name=full_name)
    with app.app_context():
        db.session.add(
            CleanerProfile(
                user_id=user.id,
                services=services,
                hourly_rate=Decimal("28.00"),
                areas=areas,
                available_days=["mon", "sat"],
            )
        )
        db.session.commit()
    return user


def cast(app):
    rosa = make_user(app, "rosa", full_name="Rosa Resident")
    make_cleaning(app, rosa, name="Garden shed tidy", **BOOKED)
    job = make_cleaning(
        app, rosa, name="Kitchen deep clean", cleaning_type="full_clean", **BOOKED
    )
    make_cleaner(app, "carla", "Carla Clean", ["full_clean", "spot_clean"], ["Camden"])
    make_cleaner(app, "dora", "Dora Duster", ["full_clean"], ["Hackney"])
    make_cleaner(app, "eve", "Eve Even", ["dust_up"], ["Camden Town"])
    return job


def cards(page):
    return page.locator("#results [data-cleaner]")


def find_by_area_and_kind(page, javascript):
    """Filter the directory to Deep Clean in Camden: only carla is left."""
    expect(cards(page)).to_have_count(3)
    toggle = page.locator("details.filters-toggle > summary")
    if toggle.is_visible():  # phones fold the filters away
        toggle.click()
    if javascript:
        same_page = mark_window(page)
        page.get_by_label("Area", exact=True).fill("camden")
        page.get_by_label("Kind of clean").select_option("full_clean")
        expect(cards(page)).to_have_count(1)
        expect(page).to_have_url(re.compile(r"area=camden"))
        expect(page).to_have_url(re.compile(r"type=full_clean"))
        assert same_page(), "the filters reloaded the page"
    else:
        page.get_by_label("Area", exact=True).fill("camden")
        page.get_by_label("Kind of clean").select_option("full_clean")
        page.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"/cleaners\?.*area=camden"))
        expect(cards(page)).to_have_count(1)
    expect(page.locator('[data-cleaner="carla"]')).to_contain_text("Carla Clean")


@JAVASCRIPT
def test_a_resident_finds_and_invites_a_cleaner_who_offers(app, new_page, javascript):
    job = cast(app)
    resident = new_page(javascript=javascript)
    log_in(resident, "rosa")
    resident.get_by_role("link", name="Find a cleaner").first.click()
    expect(resident).to_have_url(re.compile(r"/cleaners$"))
    find_by_area_and_kind(resident, javascript)
    filtered = resident.url

    card = resident.locator('[data-cleaner="carla"]')
    card.get_by_label("Invite to a job").select_option(label="Kitchen deep clean")
    check_accessibility(resident)
    screenshot(resident, f"cleaners-invite-{'js' if javascript else 'nojs'}")
    if javascript:
        same_page = mark_window(resident)
        card.get_by_role("button", name="Invite @carla").click()
        expect(card.locator(".invite-result")).to_contain_text("Invited")
        expect(card.locator(".invite-result")).to_contain_text("Kitchen deep clean")
        assert same_page(), "inviting reloaded the page"
    else:
        card.get_by_role("button", name="Invite @carla").click()
        expect(
            resident.get_by_text("You invited @carla to “Kitchen deep clean”.")
        ).to_be_visible()
        assert resident.url == filtered  # back on the same filtered list

    resident.goto(f"/cleanings/{job.id}")
    invited = resident.locator('[data-invited="carla"]')
    expect(invited).to_contain_text("No offer yet")

    cleaner = new_page(javascript=javascript)
    log_in(cleaner, "carla")
    bell = cleaner.locator("#nav-notifications")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    bell.click()
    notification = cleaner.locator('[data-kind="invited"]')
    expect(notification).to_contain_text("invited you to")
    notification.get_by_role("link").first.click()
    expect(cleaner).to_have_url(re.compile(rf"/cleanings/{job.id}$"))
    expect(cleaner.get_by_text("You're invited.")).to_be_visible()
    check_accessibility(cleaner)
    screenshot(cleaner, f"job-invited-cleaner-{'js' if javascript else 'nojs'}")
    cleaner.get_by_label("Message to the owner").fill("Happy to: Saturday works.")
    cleaner.get_by_role("button", name="Offer to clean").click()
    expect(cleaner.get_by_role("heading", name="Offer pending")).to_be_visible()
    expect(cleaner.get_by_text("You're invited.")).to_have_count(0)

    resident.reload()
    expect(invited).to_contain_text("Made an offer")
    if javascript:
        screenshot(resident, "job-invited-owner")
    expect(resident.locator("#offers-table")).to_contain_text("Saturday works.")

    # From the cleaner's profile too: the other open job.
    resident.goto("/profiles/carla")
    control = resident.locator(".profile-invite")
    control.get_by_label("Invite to a job").select_option(label="Garden shed tidy")
    screenshot(resident, f"profile-invite-{'js' if javascript else 'nojs'}")
    control.get_by_role("button", name="Invite @carla").click()
    if javascript:
        expect(control.locator(".invite-result")).to_contain_text("Garden shed tidy")
    else:
        expect(resident).to_have_url(re.compile(r"/profiles/carla$"))
        notice = "You invited @carla to “Garden shed tidy”."
        expect(resident.get_by_text(notice)).to_be_visible()
    check_accessibility(resident)
