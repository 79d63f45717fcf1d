"""With JavaScript on, nothing on a page breaks the Content-Security-Policy
(no inline style or script): not a template, not phresh.js, not htmx.

A screenshot is part of each step on purpose: Playwright hides the text
caret by writing each form field's inline style and leaves `style=""`
behind, as a browser extension or an assistive tool may. htmx's settle
copied that attribute onto the swapped-in field of the same id, which
the CSP refused once per field (base.html: `attributesToSettle`)."""

from playwright.sync_api import expect

from ..builders import make_cleaning, make_user
from .conftest import log_in

# A refusal reaches the page as a `securitypolicyviolation` event, even
# when the browser's console message for it changes wording.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__phreshCspViolation(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline")
      + " from " + (event.sourceFile || "the page") + ":" + event.lineNumber);
});
"""


def watched(new_page):
    """A page with JavaScript on, and the list its CSP refusals go to."""
    page = new_page(javascript=True)
    violations = []
    page.expose_function("__phreshCspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append(f"console: {message.text}")
        ),
    )
    return page, violations


def test_email_settings_save_with_javascript(app, new_page):
    make_user(app, "rita")
    page, violations = watched(new_page)
    log_in(page, "rita")
    page.goto("/account/notifications")
    page.screenshot()
    page.get_by_label("Someone makes an offer on my job").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Someone makes an offer on my job")).not_to_be_checked()
    page.get_by_label("Someone makes an offer on my job").check()
    page.screenshot()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Someone makes an offer on my job")).to_be_checked()
    assert violations == []


def test_key_pages_with_javascript(app, new_page):
    rita = make_user(app, "rita")
    make_user(app, "carlos", role="clean")
    job = make_cleaning(app, rita, name="Sunny loft")
    page, violations = watched(new_page)
    page.goto("/")
    page.screenshot()
    log_in(page, "carlos")
    for path in ("/", "/cleanings", f"/cleanings/{job.id}", "/cleaners"):
        page.goto(path)
        page.screenshot()
        assert violations == [], path
    # A boosted form post that answers with the same page (same field ids).
    page.goto(f"/cleanings/{job.id}")
    page.screenshot()
    page.get_by_role("button", name="Offer to clean").click()
    expect(page.get_by_text("Your offer is sent.")).to_be_visible()
    assert violations == []
