"""What the job page, the listing and /offers/mine show about offers, and
who may see a phone number."""

import re

import pytest

from .builders import (
    CARLOS_PHONE,
    RITA_PHONE,
    body,
    make_cleaning,
    make_offer,
    make_user,
)


def job_page(c, job) -> str:
    """The job's page: what a privacy test looks in is really there."""
    response = c.get(f"/cleanings/{job.id}")
    assert response.status_code == 200
    page = body(response)
    assert job.name in page
    return page


# ------------------------------------------------------------------ job page


class TestJobPageForTheOwner:
    def test_empty_state(self, browser_as, rita, job):
        assert "No offers yet" in job_page(browser_as(rita), job)

    def test_shows_the_offers_table_with_buttons(
        self, app, browser_as, rita, carlos, job
    ):
        make_offer(app, job, carlos, message="I can come on Friday.")
        page = job_page(browser_as(rita), job)
        assert 'id="offers-table"' in page
        assert "I can come on Friday." in page
        assert 'href="/profiles/carlos"' in page
        assert f"/cleanings/{job.id}/offers/carlos/accept" in page
        assert f"/cleanings/{job.id}/offers/carlos/reject" in page

    def test_after_accepting_a_rate_link_and_the_cleaners_phone(
        self, app, browser_as, rita, carlos, job
    ):
        make_offer(app, job, carlos, status="accepted")
        page = job_page(browser_as(rita), job)
        assert CARLOS_PHONE in page
        assert f'href="/cleanings/{job.id}/evaluation"' in page
        assert "Rate @carlos" in page
        assert ">Accept<" not in page

    def test_the_phone_stays_after_completion(self, app, browser_as, rita, carlos, job):
        make_offer(app, job, carlos, status="completed")
        page = job_page(browser_as(rita), job)
        assert CARLOS_PHONE in page
        assert "Rate @carlos" not in page

    def test_no_phone_of_a_pending_or_rejected_cleaner(
        self, app, browser_as, rita, carlos, job
    ):
        make_offer(app, job, carlos)
        nadia = make_user(app, "nadia", phone_number="999 888")
        make_offer(app, job, nadia, status="rejected")
        page = job_page(browser_as(rita), job)
        assert CARLOS_PHONE not in page and "999 888" not in page

    def test_page_costs_the_same_with_many_offers(
        self, app, browser_as, rita, job, query_counter
    ):
        owner = browser_as(rita)

        def queries_for_page():
            with query_counter as counter:
                before = counter.count  # the counter keeps counting across blocks
                job_page(owner, job)
            return counter.count - before

        make_offer(app, job, make_user(app))
        few = queries_for_page()
        for _ in range(6):
            make_offer(app, job, make_user(app))
        assert queries_for_page() == few


class TestJobPageForACleaner:
    def test_offer_form(self, browser_as, carlos, job):
        page = job_page(browser_as(carlos), job)
        assert "Offer to clean" in page
        assert f'action="/cleanings/{job.id}/offers"' in page
        assert 'name="message"' in page and 'name="csrf_token"' in page

    @pytest.mark.parametrize(
        ("status", "headline", "button"),
        [
            ("pending", "Offer pending", "/my-offer/rescind"),
            ("accepted", "Offer accepted", "/my-offer/cancel"),
            ("rejected", "Offer rejected", None),
            ("cancelled", "Offer cancelled", None),
            ("completed", "Job completed", None),
        ],
    )
    def test_the_state_of_their_offer(
        self, app, browser_as, carlos, job, status, headline, button
    ):
        make_offer(app, job, carlos, status=status)
        page = job_page(browser_as(carlos), job)
        assert headline in page
        assert "Offer to clean</button>" not in page
        for action in ("/my-offer/rescind", "/my-offer/cancel"):
            assert (action in page) == (action == button)

    def test_a_taken_job_shows_no_form(self, app, browser_as, carlos, job):
        make_offer(app, job, make_user(app), status="accepted")
        page = job_page(browser_as(carlos), job)
        assert "Offer to clean</button>" not in page
        assert "isn't taking new offers" in page

    @pytest.mark.parametrize("status", ["accepted", "completed"])
    def test_the_accepted_cleaner_sees_the_owners_phone(
        self, app, browser_as, carlos, job, status
    ):
        make_offer(app, job, carlos, status=status)
        assert RITA_PHONE in job_page(browser_as(carlos), job)

    @pytest.mark.parametrize("status", ["pending", "rejected", "cancelled"])
    def test_other_cleaners_see_no_phone(self, app, browser_as, carlos, job, status):
        make_offer(app, job, carlos, status=status)
        assert RITA_PHONE not in job_page(browser_as(carlos), job)

    def test_a_failed_offer_shows_the_form_again_with_the_error(
        self, app, browser_as, carlos, job
    ):
        c = browser_as(carlos)
        response = c.post(f"/cleanings/{job.id}/offers", {"message": "ok\x00" * 3})
        assert response.status_code == 422
        page = body(response)
        assert "is-error" in page and 'aria-invalid="true"' in page
        assert "Offer to clean</button>" in page


class TestPrivacy:
    """Once an offer is accepted, only the owner and that cleaner see each
    other's phone numbers; nobody ever sees an email address."""

    @pytest.fixture
    def accepted(self, app, carlos, job):
        make_offer(app, job, carlos, status="accepted")

    def test_a_third_user_sees_neither_number(self, app, browser_as, job, accepted):
        nadia = make_user(app, "nadia")
        make_offer(app, job, nadia, status="rejected")
        page = job_page(browser_as(nadia), job)
        assert RITA_PHONE not in page and CARLOS_PHONE not in page

    def test_an_anonymous_visitor_sees_neither_number(self, client, job, accepted):
        page = job_page(client, job)
        assert RITA_PHONE not in page and CARLOS_PHONE not in page

    def test_emails_never_appear(
        self, app, make_client, rita, carlos, job, accepted, browser_as
    ):
        for viewer in (rita, carlos, make_user(app, "nadia")):
            page = job_page(browser_as(viewer), job)
            assert "@example.com" not in page
        assert "@example.com" not in job_page(make_client(), job)
        assert "@example.com" not in body(
            browser_as(rita).get(f"/cleanings/{job.id}/offers")
        )


class TestJobPageForAVisitor:
    def test_log_in_to_make_an_offer(self, client, job):
        page = job_page(client, job)
        assert "Log in to make an offer" in page
        assert f'href="/auth/login?next=/cleanings/{job.id}"' in page
        assert f'action="/cleanings/{job.id}/offers"' not in page


# -------------------------------------------------------- a job's whole life


def listed(c) -> list[str]:
    return re.findall(r'href="/cleanings/(\d+)"', body(c.get("/cleanings")))


def test_an_accepted_job_leaves_the_listing_and_comes_back_after_cancel(
    app, make_client, rita, carlos, job, browser_as
):
    owner, cleaner = browser_as(rita), browser_as(carlos)
    nadia = make_user(app, "nadia")
    make_offer(app, job, nadia)
    assert cleaner.post(f"/cleanings/{job.id}/offers").status_code == 303
    assert str(job.id) in listed(make_client())
    assert owner.post(f"/cleanings/{job.id}/offers/carlos/accept").status_code == 303
    assert str(job.id) not in listed(make_client())
    assert cleaner.post(f"/cleanings/{job.id}/my-offer/cancel").status_code == 303
    assert str(job.id) in listed(make_client())
    page = job_page(owner, job)
    assert 'data-offer="nadia" data-status="pending"' in page
    assert 'data-offer="carlos" data-status="cancelled"' in page


def test_my_jobs_counts_follow_the_offers(app, browser_as, rita, carlos, job):
    """/cleanings/mine shows pending offers and the job's state as offers move."""
    owner, cleaner = browser_as(rita), browser_as(carlos)
    make_offer(app, job, make_user(app, "nadia"))
    assert cleaner.post(f"/cleanings/{job.id}/offers").status_code == 303

    def pending_count() -> str:
        return body(owner.get("/cleanings/mine"))

    assert "2 pending" in pending_count()
    assert owner.post(f"/cleanings/{job.id}/offers/carlos/accept").status_code == 303
    assert "0 pending" in pending_count() or "No pending" in pending_count()
    assert cleaner.post(f"/cleanings/{job.id}/my-offer/cancel").status_code == 303
    assert "1 pending" in pending_count()


# -------------------------------------------------------------- /offers/mine


class TestMyOffers:
    def test_lists_own_offers_newest_first_with_job_rate_and_status(
        self, app, browser_as, rita, carlos
    ):
        from datetime import UTC, datetime, timedelta

        older = make_cleaning(app, rita, name="Older job", price="30.00")
        newer = make_cleaning(app, rita, name="Newer job", price="45.50")
        now = datetime.now(UTC)
        make_offer(app, older, carlos, "accepted", created_at=now - timedelta(hours=2))
        make_offer(app, newer, carlos, created_at=now - timedelta(minutes=5))
        make_offer(app, newer, make_user(app, "nadia"))
        page = body(browser_as(carlos).get("/offers/mine"))
        assert page.index("Newer job") < page.index("Older job")
        assert f'href="/cleanings/{older.id}"' in page
        assert "$45.50/hr" in page and "$30.00/hr" in page
        assert "badge-accepted" in page and "badge-pending" in page
        assert "2 hours ago" in page
        assert page.count("data-status=") == 2

    def test_empty_state(self, browser_as, carlos):
        page = body(browser_as(carlos).get("/offers/mine"))
        assert "No offers yet" in page

    def test_in_the_navigation(self, app, browser_as):
        # For cleaners: the navigation follows the role (test_navigation.py).
        page = body(browser_as(make_user(app, "cleo", role="clean")).get("/cleanings"))
        assert 'href="/offers/mine"' in page

    def test_anonymous_goes_to_login(self, client):
        response = client.get("/offers/mine")
        assert response.status_code in (302, 303)
        assert response.headers["Location"].startswith("/auth/login?next=/offers/mine")

    def test_costs_the_same_with_many_offers(
        self, app, browser_as, rita, carlos, query_counter
    ):
        c = browser_as(carlos)

        def queries_for_page():
            with query_counter as counter:
                before = counter.count
                assert c.get("/offers/mine").status_code == 200
            return counter.count - before

        make_offer(app, make_cleaning(app, rita), carlos)
        few = queries_for_page()
        for _ in range(5):
            make_offer(app, make_cleaning(app, rita), carlos)
        assert queries_for_page() == few
