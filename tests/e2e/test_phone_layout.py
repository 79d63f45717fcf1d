"""Phones (375px): the pages a new user meets fit the screen. The
navigation is one row with a menu, the listing's first job and a job
page's main action are on the first screen, My jobs has no sideways
scroll, and a profile gives the rating before the reviews. Each test
saves 375px screenshots under test-artifacts/screenshots to look at."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import make_cleaning, make_evaluation, make_offer, make_user
from .conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    check_accessibility,
    log_in,
    mark_window,
)

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
LONG = (
    "Two bedrooms, a kitchen that has seen a party and a bathroom with hard "
    "water stains on the glass. Please bring your own vacuum; ours is broken. "
) * 5

# Every rendered element's right edge, against the viewport's width: one
# element wider than the screen makes the page, or a box in it, scroll
# sideways. Not counted: content of a closed <details> (laid out, not
# shown) and what an ancestor clips away (visually hidden text).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const clipped = e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (["hidden", "clip"].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(e => {
    const box = e.getBoundingClientRect();
    return e.checkVisibility({visibilityProperty: true}) && box.width > 0
      && (box.right > width + 0.5 || box.width > width) && !clipped(e);
  });
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.map(name)};
}"""


def on_phone(new_page, username=None, javascript=True):
    """A 375px-wide page, logged in as `username` when given. The login
    itself happens at desktop width, where the @username link that tells
    log_in() it worked is in sight without opening the menu."""
    page = new_page(javascript=javascript, viewport=DESKTOP)
    if username:
        log_in(page, username)
    page.set_viewport_size(PHONE)
    return page


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"phone-{name}.png", full_page=True)


def assert_fits(page):
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"], f"{page.url} scrolls sideways: {fit}"
    assert fit["wide"] == [], f"{page.url}: wider than the screen: {fit['wide']}"


def assert_on_first_screen(locator):
    """The element is in full sight without scrolling (the page is at its
    top, as after a page load)."""
    expect(locator).to_be_visible()
    assert locator.evaluate("() => window.scrollY") == 0
    box = locator.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def assert_one_row(nav, menu):
    nav_box, menu_box = nav.bounding_box(), menu.bounding_box()
    # One row: the bar is the menu button plus its padding, not a stack.
    assert nav_box["height"] < 2 * menu_box["height"], (nav_box, menu_box)


@JS
def test_the_navigation_is_one_row_with_a_menu(app, new_page, javascript):
    make_user(app, "nina_newcomer")
    page = on_phone(new_page, "nina_newcomer", javascript)
    page.goto("/cleanings")
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.locator("summary", has_text="Menu")
    my_jobs = nav.get_by_role("link", name="My jobs")
    assert_one_row(nav, menu)
    expect(my_jobs).to_be_hidden()
    assert_fits(page)
    shoot(page, f"nav-closed-{'js' if javascript else 'nojs'}")

    menu.click()
    expect(my_jobs).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    assert_fits(page)
    shoot(page, f"nav-open-{'js' if javascript else 'nojs'}")
    check_accessibility(page)
    my_jobs.click()
    expect(page).to_have_url(re.compile(r"/cleanings/mine$"))
    expect(page.get_by_role("heading", name="My jobs")).to_be_visible()

    menu.click()
    nav.get_by_role("button", name="Log out").click()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    assert_fits(page)

    # Wide screens show every link in the bar, with no menu button.
    page.set_viewport_size(DESKTOP)
    log_in(page, "nina_newcomer")
    page.goto("/cleanings")
    expect(menu).to_be_hidden()
    expect(my_jobs).to_be_visible()
    expect(nav.get_by_role("link", name="@nina_newcomer")).to_be_visible()


@JS
def test_the_listing_shows_the_first_job_on_the_first_screen(app, new_page, javascript):
    rosa = make_user(app, "rosa")
    make_cleaning(app, rosa, name="Oven only", cleaning_type="full_clean")
    for n in range(3):  # the newest, first, with the longest card there is
        make_cleaning(app, rosa, name=f"Move-out clean, flat {n}", description=LONG)
    make_user(app, "carl")
    page = on_phone(new_page, "carl", javascript)  # new: with the email banner
    page.goto("/cleanings")
    cards = page.locator("#results .job-card")
    expect(cards).to_have_count(4)
    assert_on_first_screen(cards.first)
    search = page.get_by_label("Search")
    expect(search).to_be_hidden()  # behind the Filters toggle
    assert_fits(page)
    shoot(page, f"listing-{'js' if javascript else 'nojs'}")

    if javascript:
        same_page = mark_window(page)
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Kind of clean").select_option(label="Deep Clean")
    if not javascript:
        page.get_by_role("button", name="Search").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Oven only")
    # Folded away, the filters still say the list is filtered.
    expect(page.locator("summary", has_text="Filters")).to_contain_text("1 active")
    if javascript:  # htmx still updates the list in place
        assert same_page()
    assert_fits(page)
    shoot(page, f"listing-filters-{'js' if javascript else 'nojs'}")

    # A bad filter value answers 422: the filters are shown, with the error.
    page.goto("/cleanings?min_price=lots")
    min_rate = page.get_by_label("Min rate")
    expect(min_rate).to_be_visible()
    expect(min_rate).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Min rate")
    assert_fits(page)

    # Wide screens show the filters without the toggle.
    page.set_viewport_size(DESKTOP)
    page.goto("/cleanings")
    expect(search).to_be_visible()
    expect(page.locator("summary", has_text="Filters")).to_be_hidden()


def test_a_cleaner_sees_offer_to_clean_on_the_first_screen(app, new_page):
    rosa = make_user(app, "rosa")
    job = make_cleaning(
        app, rosa, name="Deep clean of a three-bedroom house", description=LONG
    )
    make_user(app, "carl")
    page = on_phone(new_page, "carl")
    page.goto(f"/cleanings/{job.id}")
    assert_on_first_screen(page.get_by_role("button", name="Offer to clean"))
    expect(page.get_by_text("Please bring your own vacuum").first).to_be_visible()
    assert_fits(page)
    shoot(page, "job-cleaner")
    check_accessibility(page)


def test_an_owner_sees_the_offers_on_the_first_screen(app, new_page):
    rosa = make_user(app, "rosa", email_verified=True)
    job = make_cleaning(
        app, rosa, name="Deep clean of a three-bedroom house", description=LONG
    )
    for name in ("carl", "dora", "edgar_the_extremely_thorough"):
        cleaner = make_user(app, name, full_name=f"{name.title()} Cleaner")
        make_offer(app, job, cleaner, message="Free on weekdays, I bring supplies.")
    page = on_phone(new_page, "rosa")
    page.goto(f"/cleanings/{job.id}")
    assert_on_first_screen(page.get_by_role("heading", name="Offers"))
    assert_on_first_screen(page.get_by_role("button", name="Accept @carl's offer"))
    expect(page.get_by_role("link", name="Edit job")).to_be_visible()
    assert_fits(page)
    shoot(page, "job-owner")
    check_accessibility(page)


def test_my_jobs_fits_the_phone(app, new_page):
    rosa = make_user(app, "rosa", email_verified=True)
    carl = make_user(app, "carl")
    hired = make_cleaning(app, rosa, name="Windows, inside and out, all floors")
    make_offer(app, hired, carl, status="accepted")
    done = make_cleaning(app, rosa, name="Spring clean")
    make_evaluation(app, done, carl, overall_rating=4)
    open_job = make_cleaning(app, rosa, name="Garage sweep", cleaning_type="dust_up")
    make_offer(app, open_job, make_user(app, "dora"))
    page = on_phone(new_page, "rosa")
    page.goto("/cleanings/mine")
    rows = page.locator("[data-cleaning-id]")
    expect(rows).to_have_count(3)
    expect(rows.get_by_role("link", name="Garage sweep")).to_be_visible()
    expect(page.get_by_text("1 pending")).to_be_visible()
    expect(rows.get_by_role("link", name="@carl").first).to_be_visible()
    assert_fits(page)
    shoot(page, "my-jobs")
    check_accessibility(page)


def test_a_profile_gives_the_rating_before_the_reviews(app, new_page):
    rosa = make_user(app, "rosa")
    carl = make_user(app, "carl", full_name="Carl Cleaner", bio="Ten years of ovens.")
    for n in range(3):
        job = make_cleaning(app, rosa, name=f"Job {n}")
        make_evaluation(
            app, job, carl, overall_rating=4 + n % 2, headline="Spotless", comment=LONG
        )
    page = on_phone(new_page, "rosa")
    page.goto("/profiles/carl")
    rating = page.get_by_role("heading", name="Rating")
    reviews = page.get_by_role("heading", name="Reviews")
    assert rating.evaluate(
        "(rating, reviews) => !!(rating.compareDocumentPosition(reviews)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        reviews.element_handle(),
    ), "the reviews come before the rating summary"
    assert_on_first_screen(page.locator(".rating-value"))
    assert_fits(page)
    shoot(page, "profile")
    check_accessibility(page)
