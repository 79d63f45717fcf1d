"""Journey: the unread badge in the navigation appears after someone
else's action and clears once the notifications are opened, with and
without JavaScript, on a desktop and on a phone (where the menu is shut)."""

import pytest
from playwright.sync_api import expect

from cleaning_app.models import NotificationKind
from cleaning_app.notifications.preferences import wants_email
from cleaning_app.notifications.tokens import make_token

from ..builders import make_cleaning, make_user
from .conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot


def logged_in(new_page, username, javascript, viewport):
    # log_in() checks the @name link, which a phone keeps in the shut menu.
    page = new_page(javascript=javascript, viewport=DESKTOP)
    log_in(page, username)
    page.set_viewport_size(viewport)
    return page


@pytest.mark.parametrize(
    "javascript, viewport",
    [(True, DESKTOP), (False, DESKTOP), (True, PHONE)],
    ids=["js", "nojs", "phone"],
)
def test_the_badge_follows_another_users_offer(app, new_page, javascript, viewport):
    rita = make_user(app, "rita")
    make_user(app, "carlos", role="clean")
    job = make_cleaning(app, rita, name="Sunny loft")

    owner = logged_in(new_page, "rita", javascript, viewport)
    owner.goto("/cleanings/mine")
    expect(owner.locator("#nav-unread")).to_have_count(0)

    cleaner = logged_in(new_page, "carlos", javascript, viewport)
    cleaner.goto(f"/cleanings/{job.id}")
    cleaner.get_by_role("button", name="Offer to clean").click()
    expect(cleaner.get_by_text("Your offer is sent.")).to_be_visible()
    # The cleaner's own action gives the cleaner no badge.
    expect(cleaner.locator("#nav-unread")).to_have_count(0)

    owner.reload()
    bell = owner.get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_be_visible()  # on a phone too, outside the shut menu
    expect(owner.locator("#nav-unread")).to_have_text("1")
    if javascript and viewport is DESKTOP:
        screenshot(owner, "notifications-badge")
    bell.click()
    expect(owner.get_by_role("heading", name="Notifications")).to_be_visible()
    entry = owner.get_by_role("link", name="@carlos made an offer on “Sunny loft”")
    expect(entry).to_be_visible()
    expect(owner.locator("#nav-unread")).to_have_count(0)
    check_accessibility(owner)
    if javascript and viewport is DESKTOP:
        screenshot(owner, "notifications-list")

    entry.click()
    expect(owner.get_by_role("heading", name="Sunny loft")).to_be_visible()
    expect(owner.locator("#nav-unread")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_email_choices_save_and_unsubscribe_confirms(app, new_page, javascript):
    rita = make_user(app, "rita")
    page = logged_in(new_page, "rita", javascript, DESKTOP)
    page.goto("/account")
    page.get_by_role("link", name="Choose which notifications you get by email").click()
    offers = page.get_by_label("Someone makes an offer on my job")
    expect(offers).to_be_checked()
    expect(page.get_by_label("My offer is declined")).not_to_be_checked()
    check_accessibility(page)
    if javascript:
        screenshot(page, "notifications-settings")
    offers.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Someone makes an offer on my job")).not_to_be_checked()
    # The email's link, opened in a browser that isn't logged in.
    with app.app_context():
        token = make_token(rita.id, NotificationKind.reminder)
    stranger = new_page(javascript=javascript)
    stranger.goto(f"/unsubscribe/{token}")
    check_accessibility(stranger)
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_role("heading", name="You're unsubscribed")).to_be_visible()
    with app.app_context():
        assert not wants_email(rita.id, NotificationKind.reminder)
        assert not wants_email(rita.id, NotificationKind.offer_received)
        assert wants_email(rita.id, NotificationKind.offer_accepted)
