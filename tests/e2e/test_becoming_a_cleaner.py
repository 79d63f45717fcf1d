"""Journey: a resident becomes a cleaner on their profile. With JavaScript
the cleaner fields appear once "Find cleaning work" is chosen and a bad
area is flagged while typing; without it they are always there, with a
note. Either way the profile then shows the work and the navigation
offers "Find work" and "My offers"."""

import pytest
from playwright.sync_api import expect

from ..builders import make_user
from .conftest import check_accessibility, log_in


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_resident_becomes_a_cleaner(app, new_page, javascript):
    make_user(app, "nadia")
    page = new_page(javascript=javascript)
    log_in(page, "nadia")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My offers")).to_have_count(0)
    page.goto("/profiles/me/edit")
    fields = page.locator("#cleaner-fields")
    if javascript:
        expect(fields).to_be_hidden()
    else:
        expect(page.get_by_text("These count only if you're here")).to_be_visible()
    page.get_by_label("Find cleaning work").check()
    expect(fields).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Deep Clean").check()
    page.get_by_label("Your usual hourly rate (USD)").fill("28")
    areas = page.get_by_label("Areas you work in")
    areas.fill("Camden, X")
    if javascript:  # the inline check, before any submit
        expect(page.locator("#areas-msg")).to_have_text(
            "Each area must be 2 to 80 characters: “X” is not."
        )
    areas.fill("Camden, Hackney")
    page.get_by_label("Sat").check()
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", name="Cleans homes")).to_be_visible()
    expect(page.get_by_text("Camden, Hackney")).to_be_visible()
    expect(page.get_by_text("$28.00/hr")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My offers")).to_have_count(1)
    expect(nav.get_by_role("link", name="Post a job")).to_have_count(0)
    check_accessibility(page)

    # Back to hiring: the fields hide again (with JavaScript) and the
    # profile stops showing the work.
    page.goto("/profiles/me/edit")
    page.get_by_label("Find a cleaner").check()
    if javascript:
        expect(fields).to_be_hidden()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", name="Cleans homes")).to_have_count(0)
