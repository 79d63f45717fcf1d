"""The API reference at /api/docs runs in Chromium under our CSP: Swagger
UI (vendored) draws every operation and nothing is refused (the page
watcher fails the test on any CSP violation or console error)."""

from playwright.sync_api import expect

from .conftest import screenshot


def test_the_api_reference_renders_under_our_csp(new_page):
    page = new_page()
    page.goto("/api/docs")
    expect(page.get_by_text("/api/feed/cleanings/")).to_be_visible()
    expect(page.get_by_text("/api/users/login/token/").first).to_be_visible()
    page.get_by_text("/api/users/me/").first.click()
    expect(page.get_by_text("UserPublic").first).to_be_visible()
    screenshot(page, "api-docs")
