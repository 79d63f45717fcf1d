"""Accept declines every other pending offer, so it asks first: htmx's
confirm dialog with JavaScript, a confirmation page without."""

import re
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Offer

from .builders import followed, make_cleaning, make_offer, make_user, text


@pytest.fixture
def job(app, job, carlos):
    """rita's job, with pending offers from carlos, dora and emil."""
    for cleaner in (carlos, make_user(app, "dora"), make_user(app, "emil")):
        make_offer(app, job, cleaner)
    return job


def statuses(app, job) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(
            select(Offer.user_id, Offer.status).where(Offer.cleaning_id == job.id)
        )
        return dict(rows.all())


def confirm_url(job, username="carlos") -> str:
    return f"/cleanings/{job.id}/offers/{username}/accept/confirm"


def accept_form(page: str, username: str) -> str:
    """The opening tag of the Accept form in the carlos/dora/emil row."""
    forms = re.findall(r"<form[^>]*>", page)
    return next(f for f in forms if f"/offers/{username}/accept" in f)


def test_the_accept_control_asks_with_and_without_javascript(
    app, browser_as, rita, job
):
    page = text(browser_as(rita).get(f"/cleanings/{job.id}"))
    form = accept_form(page, "carlos")
    # Without JavaScript: a plain GET form to the confirmation page.
    assert 'method="get"' in form
    assert f'action="{confirm_url(job)}"' in form
    # With it: htmx posts to the accept URL after its confirm dialog.
    assert f'hx-post="/cleanings/{job.id}/offers/carlos/accept"' in form
    assert (
        "hx-confirm=\"Accept @carlos's offer? "
        'The 2 other pending offers will be declined."' in form
    )


def test_the_confirmation_page_asks_and_changes_nothing(app, browser_as, rita, job):
    before = statuses(app, job)
    response = browser_as(rita).get(confirm_url(job))
    page = text(response)
    assert response.status_code == 200
    assert "Accept @carlos's offer?" in page
    assert "The 2 other pending offers will be declined." in page
    assert f'<form method="post" action="/cleanings/{job.id}/offers/carlos/accept"' in (
        page
    )
    assert 'name="csrf_token"' in page
    assert statuses(app, job) == before


def test_its_form_accepts_and_declines_the_others(app, browser_as, rita, job):
    owner = browser_as(rita)
    owner.get(confirm_url(job))
    response = owner.post(f"/cleanings/{job.id}/offers/carlos/accept")
    assert "You accepted @carlos's offer." in followed(owner, response)
    assert sorted(statuses(app, job).values()) == ["accepted", "rejected", "rejected"]


def test_one_offer_alone_says_none_will_be_declined(app, browser_as, rita):
    job = make_cleaning(app, rita)
    make_offer(app, job, make_user(app, "carlos"))
    page = text(browser_as(rita).get(confirm_url(job)))
    assert "No other offer is waiting, so none will be declined." in page


def test_usernames_match_ignoring_case(app, browser_as, rita, job):
    assert browser_as(rita).get(confirm_url(job, "CARLOS")).status_code == 200


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("rejected", "Only a pending offer can be accepted. This one is rejected."),
        ("accepted", "This job already has an accepted offer."),
    ],
)
def test_what_the_accept_would_refuse_is_said_before(
    app, browser_as, rita, status, message
):
    job = make_cleaning(app, rita)
    make_offer(app, job, make_user(app, "carlos"), status=status)
    make_offer(app, job, make_user(app, "dora"), status="rejected")
    page = text(browser_as(rita).get(confirm_url(job)))
    assert message in page
    assert "Yes, accept" not in page


def test_someone_else_gets_403(app, browser_as, job):
    response = browser_as(make_user(app, "mallory")).get(confirm_url(job))
    assert response.status_code == 403


def test_no_such_job_user_or_offer_is_404(app, browser_as, rita, job):
    owner = browser_as(rita)
    assert owner.get(confirm_url(job)).status_code == 200
    for username in ("nobody", "rita", "bad%00name"):
        assert owner.get(confirm_url(job, username)).status_code == 404
    response = owner.get("/cleanings/999/offers/carlos/accept/confirm")
    assert response.status_code == 404


def test_anonymous_visitors_go_to_log_in(client, job):
    response = client.get(confirm_url(job))
    assert response.status_code in (302, 303)
    assert unquote(response.headers["Location"]).endswith(
        f"/auth/login?next={confirm_url(job)}"
    )


def test_the_accept_url_itself_stays_post_only(app, browser_as, rita, job):
    owner = browser_as(rita)
    assert owner.get(f"/cleanings/{job.id}/offers/carlos/accept").status_code == 405
    assert owner.post(confirm_url(job)).status_code == 405
    assert set(statuses(app, job).values()) == {"pending"}
