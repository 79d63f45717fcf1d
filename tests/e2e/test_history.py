"""Back, the address bar and what the browser keeps: after logging out
nothing of the old session can be seen again; the address always names the
page on screen; Back after a successful post never shows stale errors."""

import re

import pytest
from playwright.sync_api import expect

from ..builders import make_cleaning, make_offer, make_user
from .conftest import ARGS, CHROMIUM, fill_a_job_after_a_wrong_rate, log_in


@pytest.fixture(scope="module")
def browser(browser):
    """Chromium as people use it, with its back-forward cache, which keeps
    whole pages in memory and shows them again on Back (Playwright turns it
    off by default)."""
    with_cache = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield with_cache
    with_cache.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_back_after_logout_shows_nothing_of_the_session(app, new_page, javascript):
    rosa, carl = make_user(app, "rosa"), make_user(app, "carl", role="clean")
    job = make_cleaning(app, rosa, name="Attic and loft clean")
    make_offer(app, job, carl)
    page = new_page(javascript=javascript)
    log_in(page, "carl")
    page.get_by_role("link", name="My offers").first.click()
    expect(page).to_have_url(re.compile(r"/offers/mine$"))
    expect(page.get_by_role("link", name="Attic and loft clean")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    # A page shown again from the back-forward cache fires no load event.
    page.go_back(wait_until="commit")

    # The server is asked again, and it asks who you are.
    expect(page).to_have_url(re.compile(r"/auth/login\?next=(/|%2F)offers(/|%2F)mine$"))
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    expect(page.get_by_role("link", name="@carl")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    expect(page.get_by_text("Attic and loft clean")).to_have_count(0)


def test_a_late_filter_answer_leaves_the_page_the_user_went_to(app, new_page):
    rosa = make_user(app, "rosa")
    make_cleaning(app, rosa, name="Kitchen deep clean")
    make_cleaning(app, rosa, name="Dust the bookshelves")
    page = new_page()
    page.goto("/cleanings")
    held = []  # the filter request, kept in flight until the job page shows

    def is_filter(url):
        return "/cleanings?" in url and "q=kitchen" in url

    page.route(is_filter, lambda route: held.append(route))
    with page.expect_request(lambda request: is_filter(request.url)):
        page.get_by_label("Search").fill("kitchen")  # sent once typing pauses
    # The form leaves the page with the click; its answer is announced on it.
    page.locator("#job-filters").evaluate(
        "form => form.addEventListener('htmx:afterRequest',"
        " () => { document.documentElement.dataset.answered = 'yes'; })"
    )
    page.get_by_role("link", name="Dust the bookshelves").click()
    expect(page).to_have_url(re.compile(r"/cleanings/\d+$"))
    job_url = page.url

    assert held, "the filter request never reached the route"
    for route in held:
        route.continue_()
    expect(page.locator("html")).to_have_attribute("data-answered", "yes")

    assert page.url == job_url
    heading = page.get_by_role("heading", level=1, name="Dust the bookshelves")
    expect(heading).to_be_visible()
    expect(page.locator("#results")).to_have_count(0)
    page.reload()
    expect(heading).to_be_visible()


def test_back_after_a_successful_post_shows_a_fresh_form(app, new_page):
    make_user(app, "rosa")
    page = new_page()
    log_in(page, "rosa")
    page.goto("/cleanings/new")
    fill_a_job_after_a_wrong_rate(page)
    page.get_by_role("button", name="Post job").click()
    expect(page).to_have_url(re.compile(r"/cleanings/\d+$"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"/cleanings/new$"))
    expect(page.get_by_label("Job title")).to_have_value("")
    expect(page.get_by_label("Hourly rate")).to_have_value("")
    expect(page.locator(".field-msg.is-error")).to_have_count(0)
    expect(page.locator('[aria-invalid="true"]')).to_have_count(0)
