"""Offers through HTTP: making one, accepting, rejecting, cancelling and
rescinding, with every failure row of the CONTRACT and the side effects."""

import pytest
from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Offer, User

from .builders import (
    CARLOS_PHONE,
    body,
    count,
    followed,
    make_cleaning,
    make_offer,
    make_user,
)

OWN_JOB = "You can&#39;t make an offer on your own job."
TWICE = "You already made an offer on this job."
NOT_OPEN = "This job already has an accepted offer and isn&#39;t taking new offers."
ALREADY_ACCEPTED = "This job already has an accepted offer."
SENT = "Your offer is sent."


def statuses(app, cleaning) -> dict[str, str]:
    """{username: status} of the job's offers, straight from the database."""
    with app.app_context():
        rows = db.session.execute(
            select(Offer.user_id, Offer.status).where(Offer.cleaning_id == cleaning.id)
        )

        names = dict(db.session.execute(select(User.id, User.username)).all())
        return {names[uid]: status for uid, status in rows}


def offer_row(app, cleaning, user) -> Offer | None:
    with app.app_context():
        offer = db.session.get(Offer, (cleaning.id, user.id))
        if offer is not None:
            db.session.expunge(offer)
        return offer


def offers_url(job, *rest):
    return "/".join([f"/cleanings/{job.id}/offers", *rest])


# ------------------------------------------------------------ making an offer


class TestMakeOffer:
    def test_creates_a_pending_offer_and_goes_back_to_the_job(
        self, app, cleaner, job, carlos
    ):
        response = cleaner.post(offers_url(job), {"message": "Free on Saturday.\n"})
        assert response.headers["Location"] == f"/cleanings/{job.id}"
        page = followed(cleaner, response)
        assert SENT in page and "Free on Saturday." in page
        offer = offer_row(app, job, carlos)
        assert (offer.status, offer.message) == ("pending", "Free on Saturday.")

    def test_the_message_is_optional(self, app, cleaner, job, carlos):
        assert SENT in followed(cleaner, cleaner.post(offers_url(job)))
        assert offer_row(app, job, carlos).message == ""

    def test_not_on_your_own_job(self, app, owner, job, rita):
        response = owner.post(offers_url(job), {"message": "Me!"})
        assert response.status_code == 400
        assert OWN_JOB in body(response)
        assert count(app, Offer) == 0

    def test_not_twice(self, app, cleaner, job, carlos):
        make_offer(app, job, carlos, message="first")
        response = cleaner.post(offers_url(job), {"message": "second"})
        assert response.status_code == 400
        assert TWICE in body(response)
        assert "second" in body(response)  # the submitted message is kept
        assert offer_row(app, job, carlos).message == "first"

    def test_not_again_after_cancelling(self, app, cleaner, job, carlos):
        make_offer(app, job, carlos, status="cancelled")
        response = cleaner.post(offers_url(job))
        assert response.status_code == 400
        assert TWICE in body(response)
        assert offer_row(app, job, carlos).status == "cancelled"

    def test_not_on_a_job_that_has_a_cleaner(self, app, cleaner, job):
        make_offer(app, job, make_user(app), status="accepted")
        response = cleaner.post(offers_url(job))
        assert response.status_code == 400
        assert NOT_OPEN in body(response)
        assert count(app, Offer) == 1

    def test_not_on_a_completed_job(self, app, cleaner, job):
        make_offer(app, job, make_user(app), status="completed")
        assert cleaner.post(offers_url(job)).status_code == 400
        assert count(app, Offer) == 1

    def test_missing_job_is_404(self, cleaner):
        assert cleaner.post("/cleanings/999999/offers").status_code == 404
        assert cleaner.post("/cleanings/abc/offers").status_code == 404

    def test_too_long_message_is_422(self, app, cleaner, job):
        response = cleaner.post(offers_url(job), {"message": "x" * 1001})
        assert response.status_code == 422
        assert "1000 characters" in body(response)
        assert count(app, Offer) == 0

    def test_1000_characters_are_fine(self, app, cleaner, job, carlos):
        response = cleaner.post(offers_url(job), {"message": "x" * 1000})
        assert SENT in followed(cleaner, response)
        assert offer_row(app, job, carlos).message == "x" * 1000

    @pytest.mark.parametrize("bad", ["nul\x00byte", "bell\x07", "esc\x1b[31m"])
    def test_control_characters_are_422(self, app, cleaner, job, bad):
        response = cleaner.post(offers_url(job), {"message": bad})
        assert response.status_code == 422
        assert "control characters" in body(response)
        assert count(app, Offer) == 0

    def test_tabs_and_newlines_are_fine(self, app, cleaner, job, carlos):
        message = "Line one\r\n\tLine two"
        response = cleaner.post(offers_url(job), {"message": message})
        assert "Line two" in followed(cleaner, response)
        assert "Line two" in offer_row(app, job, carlos).message

    def test_anonymous_goes_to_login(self, app, client, job):
        response = client.post(offers_url(job))
        assert response.status_code in (302, 303)
        assert response.headers["Location"].startswith(
            f"/auth/login?next=/cleanings/{job.id}/offers"
        )
        assert count(app, Offer) == 0

    def test_anonymous_htmx_gets_401_and_hx_redirect(self, client, job):
        response = client.htmx("post", offers_url(job))
        assert response.status_code == 401
        assert response.headers["HX-Redirect"].startswith("/auth/login?next=")

    def test_missing_csrf_token_is_400(self, app, cleaner, job):
        response = cleaner.post(offers_url(job), {"message": "hi"}, csrf=False)
        assert response.status_code == 400
        assert count(app, Offer) == 0

    def test_get_is_not_how_offers_are_made(self, cleaner, job):
        # GET on the same path is the owner's list: a cleaner gets 403.
        assert cleaner.get(offers_url(job)).status_code == 403


# ----------------------------------------------------------- the owner's list


class TestOffersList:
    def test_owner_sees_each_offer_with_name_rating_and_message(
        self, app, owner, job, carlos
    ):
        make_user(app, "nadia", full_name="Nadia Kaur")
        nadia = make_user(app, "nadia2", full_name="Nadia Two")
        make_offer(app, job, carlos, message="Bring my own mop.")
        make_offer(app, job, nadia, status="rejected")
        page = body(owner.get(offers_url(job)))
        assert 'href="/profiles/carlos"' in page
        assert "Nadia Two" in page
        assert "Bring my own mop." in page
        assert "No reviews yet" in page
        assert "badge-pending" in page and "badge-rejected" in page
        assert page.count(">Accept<") == 1  # only the pending offer

    def test_shows_the_rating_summary(self, app, owner, job, carlos):
        other = make_cleaning(app, make_user(app))
        from .builders import make_evaluation

        make_evaluation(app, other, carlos, overall_rating=4)
        make_offer(app, job, carlos)
        assert "4.0" in body(owner.get(offers_url(job)))

    def test_empty_state(self, owner, job):
        assert "No offers yet" in body(owner.get(offers_url(job)))

    def test_never_shows_emails_or_phone_numbers_of_pending_cleaners(
        self, app, owner, job, carlos
    ):
        make_offer(app, job, carlos)
        page = body(owner.get(offers_url(job)))
        assert 'data-offer="carlos" data-status="pending"' in page
        assert "carlos@example.com" not in page
        assert CARLOS_PHONE not in page

    def test_other_users_get_403(self, cleaner, job):
        assert cleaner.get(offers_url(job)).status_code == 403

    def test_anonymous_goes_to_login(self, client, job):
        response = client.get(offers_url(job))
        assert response.status_code in (302, 303)
        assert "/auth/login?next=" in response.headers["Location"]

    def test_missing_job_is_404(self, owner):
        assert owner.get("/cleanings/424242/offers").status_code == 404


# -------------------------------------------------------------- accept/reject


class TestAccept:
    def test_accepts_and_rejects_every_other_pending_offer(
        self, app, owner, job, carlos
    ):
        nadia, omar, pia = (make_user(app, n) for n in ("nadia", "omar", "pia"))
        make_offer(app, job, carlos)
        make_offer(app, job, nadia)
        make_offer(app, job, omar, status="cancelled")
        other_job = make_cleaning(app, make_user(app))
        make_offer(app, other_job, pia)
        response = owner.post(offers_url(job, "carlos", "accept"))
        assert response.headers["Location"] == f"/cleanings/{job.id}"
        page = followed(owner, response)
        assert "You accepted @carlos's offer." in page and "badge-accepted" in page
        assert statuses(app, job) == {
            "carlos": "accepted",
            "nadia": "rejected",
            "omar": "cancelled",
        }
        assert statuses(app, other_job) == {"pia": "pending"}

    def test_writes_one_feed_event(self, app, owner, job, carlos, rita):
        make_offer(app, job, carlos)
        assert owner.post(offers_url(job, "carlos", "accept")).status_code == 303
        with app.app_context():
            events = db.session.execute(
                select(Activity.kind, Activity.actor_id, Activity.cleaning_id)
            ).all()
        assert events == [("offer_accepted", rita.id, job.id)]

    def test_username_in_any_case(self, app, owner, job, carlos):
        make_offer(app, job, carlos)
        response = owner.post(offers_url(job, "CARLOS", "accept"))
        assert "You accepted @carlos's offer." in followed(owner, response)
        assert statuses(app, job) == {"carlos": "accepted"}

    def test_not_pending_is_400(self, app, owner, job, carlos):
        make_offer(app, job, carlos, status="cancelled")
        response = owner.post(offers_url(job, "carlos", "accept"))
        assert response.status_code == 400
        assert "Only a pending offer can be accepted" in body(response)
        assert statuses(app, job) == {"carlos": "cancelled"}

    def test_the_job_already_has_an_accepted_offer(self, app, owner, job, carlos):
        nadia = make_user(app, "nadia")
        make_offer(app, job, carlos, status="accepted")
        make_offer(app, job, nadia, status="rejected")
        response = owner.post(offers_url(job, "nadia", "accept"))
        assert response.status_code == 400
        assert ALREADY_ACCEPTED in body(response)
        assert statuses(app, job) == {"carlos": "accepted", "nadia": "rejected"}
        assert count(app, Activity) == 0

    def test_accepting_twice_is_400(self, app, owner, job, carlos):
        make_offer(app, job, carlos)
        assert owner.post(offers_url(job, "carlos", "accept")).status_code == 303
        assert owner.post(offers_url(job, "carlos", "accept")).status_code == 400
        assert count(app, Activity) == 1

    def test_not_the_owner_is_403(self, app, cleaner, job, carlos):
        make_offer(app, job, carlos)
        assert cleaner.post(offers_url(job, "carlos", "accept")).status_code == 403
        assert statuses(app, job) == {"carlos": "pending"}

    def test_no_such_user_is_404(self, owner, job):
        response = owner.post(offers_url(job, "nobody", "accept"))
        assert response.status_code == 404
        # The service's own words reach the error page.
        assert "There is no such user." in body(response)

    def test_no_such_offer_is_404(self, app, owner, job, carlos):
        response = owner.post(offers_url(job, "carlos", "accept"))
        assert response.status_code == 404
        assert "That user hasn&#39;t made an offer on this job." in body(response)

    @pytest.mark.parametrize(
        "weird", ["%00", "a%00b", "x" * 300, "%C3%A9t%C3%A9", "'--"]
    )
    def test_weird_usernames_are_404_not_500(self, owner, job, weird):
        for action in ("accept", "reject"):
            assert owner.post(offers_url(job, weird, action)).status_code == 404

    def test_no_such_job_is_404(self, owner):
        assert owner.post("/cleanings/9999/offers/carlos/accept").status_code == 404

    def test_get_is_405(self, owner, job):
        assert owner.get(offers_url(job, "carlos", "accept")).status_code == 405

    def test_the_unique_index_alone_turns_a_race_into_400(
        self, app, owner, job, carlos, monkeypatch
    ):
        """Skip the friendly check, as if another accept committed just
        after it: the partial unique index still gives the same 400."""
        from cleaning_app.offers import services

        nadia = make_user(app, "nadia")
        make_offer(app, job, carlos, status="accepted")
        make_offer(app, job, nadia)
        monkeypatch.setattr(services, "_taken", lambda cleaning: False)
        response = owner.post(offers_url(job, "nadia", "accept"))
        assert response.status_code == 400
        assert ALREADY_ACCEPTED in body(response)
        assert statuses(app, job) == {"carlos": "accepted", "nadia": "pending"}
        assert count(app, Activity) == 0


class TestAcceptWithHtmx:
    def test_answers_the_offers_table_and_a_notice(self, app, owner, job, carlos):
        make_offer(app, job, make_user(app, "nadia"))
        make_offer(app, job, carlos)
        response = owner.htmx("post", offers_url(job, "carlos", "accept"))
        page = body(response)
        assert response.status_code == 200
        assert "HX-Request" in response.headers["Vary"]
        assert "<html" not in page and "site-header" not in page
        assert page.lstrip().startswith('<div id="offers-table"')
        assert 'data-offer="nadia" data-status="rejected"' in page
        assert 'data-offer="carlos" data-status="accepted"' in page
        assert 'id="flashes"' in page and 'hx-swap-oob="true"' in page
        assert "You accepted @carlos" in page
        # The job's state badge in the page header follows, out of band.
        assert '<span id="job-state" hx-swap-oob="true">' in page
        assert "badge-accepted" in page

    def test_the_job_page_has_the_state_badge_htmx_replaces(self, owner, job):
        page = body(owner.get(f"/cleanings/{job.id}"))
        assert '<span id="job-state"><span class="badge badge-open">Open' in page

    def test_a_refused_accept_answers_the_table_with_the_error(
        self, app, owner, job, carlos
    ):
        make_offer(app, job, carlos, status="rejected")
        response = owner.htmx("post", offers_url(job, "carlos", "accept"))
        assert response.status_code == 400
        page = body(response)
        assert page.lstrip().startswith('<div id="offers-table"')
        assert "Only a pending offer can be accepted" in page

    def test_the_buttons_are_real_forms_enhanced_by_htmx(self, app, owner, job, carlos):
        make_offer(app, job, carlos)
        page = body(owner.get(offers_url(job)))
        action = offers_url(job, "carlos", "reject")
        assert f'method="post" action="{action}"' in page
        assert f'hx-post="{action}" hx-target="#offers-table"' in page
        # Accept asks first: without JavaScript on a confirmation page.
        action = offers_url(job, "carlos", "accept")
        assert f'method="get" action="{action}/confirm"' in page
        assert f'hx-post="{action}" hx-target="#offers-table"' in page


class TestReject:
    def test_rejects_a_pending_offer(self, app, owner, job, carlos):
        nadia = make_user(app, "nadia")
        make_offer(app, job, carlos)
        make_offer(app, job, nadia)
        response = owner.post(offers_url(job, "carlos", "reject"))
        assert response.headers["Location"] == f"/cleanings/{job.id}"
        assert "You declined @carlos's offer." in followed(owner, response)
        assert statuses(app, job) == {"carlos": "rejected", "nadia": "pending"}

    def test_with_htmx_answers_the_table(self, app, owner, job, carlos):
        make_offer(app, job, carlos)
        response = owner.htmx("post", offers_url(job, "carlos", "reject"))
        assert response.status_code == 200
        assert 'data-offer="carlos" data-status="rejected"' in body(response)

    @pytest.mark.parametrize("status", ["accepted", "rejected", "cancelled"])
    def test_not_pending_is_400(self, app, owner, job, carlos, status):
        make_offer(app, job, carlos, status=status)
        response = owner.post(offers_url(job, "carlos", "reject"))
        assert response.status_code == 400
        assert "Only a pending offer can be rejected" in body(response)
        assert statuses(app, job) == {"carlos": status}

    def test_not_the_owner_is_403(self, app, cleaner, job, carlos):
        make_offer(app, job, carlos)
        assert cleaner.post(offers_url(job, "carlos", "reject")).status_code == 403
        assert statuses(app, job) == {"carlos": "pending"}

    def test_no_such_user_or_offer_is_404(self, owner, job, carlos):
        assert owner.post(offers_url(job, "ghost", "reject")).status_code == 404
        assert owner.post(offers_url(job, "carlos", "reject")).status_code == 404


@pytest.mark.parametrize("action", ["accept", "reject"])
class TestAcceptAndReject:
    def test_anonymous_goes_to_login(self, app, client, job, carlos, action):
        make_offer(app, job, carlos)
        response = client.post(offers_url(job, "carlos", action))
        assert response.status_code in (302, 303)
        assert "/auth/login?next=" in response.headers["Location"]
        assert statuses(app, job) == {"carlos": "pending"}

    def test_missing_csrf_token_is_400(self, app, owner, job, carlos, action):
        make_offer(app, job, carlos)
        response = owner.post(offers_url(job, "carlos", action), csrf=False)
        assert response.status_code == 400
        assert statuses(app, job) == {"carlos": "pending"}


# ------------------------------------------------------------ cancel, rescind


def my_offer_url(job, action):
    return f"/cleanings/{job.id}/my-offer/{action}"


class TestCancel:
    def test_cancels_and_puts_the_rejected_offers_back_to_pending(
        self, app, cleaner, job, carlos
    ):
        nadia, omar = make_user(app, "nadia"), make_user(app, "omar")
        make_offer(app, job, carlos, status="accepted")
        make_offer(app, job, nadia, status="rejected")
        make_offer(app, job, omar, status="cancelled")
        response = cleaner.post(my_offer_url(job, "cancel"))
        assert response.headers["Location"] == f"/cleanings/{job.id}"
        assert "You cancelled your offer." in followed(cleaner, response)
        assert statuses(app, job) == {
            "carlos": "cancelled",
            "nadia": "pending",
            "omar": "cancelled",
        }

    def test_the_job_reopens_to_new_offers(self, app, cleaner, job, carlos, browser_as):
        make_offer(app, job, carlos, status="accepted")
        assert cleaner.post(my_offer_url(job, "cancel")).status_code == 303
        newcomer = browser_as(make_user(app, "newcomer"))
        assert SENT in followed(newcomer, newcomer.post(offers_url(job)))

    def test_no_offer_is_404(self, app, cleaner, owner, job):
        make_offer(app, job, make_user(app, "nadia"), status="accepted")
        response = cleaner.post(my_offer_url(job, "cancel"))
        assert response.status_code == 404
        assert "You have no offer on this job." in body(response)
        assert owner.post(my_offer_url(job, "cancel")).status_code == 404
        assert statuses(app, job) == {"nadia": "accepted"}

    def test_missing_job_is_404(self, cleaner):
        assert cleaner.post("/cleanings/31337/my-offer/cancel").status_code == 404


class TestRescind:
    def test_deletes_the_pending_offer(self, app, cleaner, job, carlos):
        make_offer(app, job, carlos)
        response = cleaner.post(my_offer_url(job, "rescind"))
        assert response.headers["Location"] == f"/cleanings/{job.id}"
        assert "You withdrew your offer." in followed(cleaner, response)
        assert offer_row(app, job, carlos) is None

    def test_can_offer_again_afterwards(self, app, cleaner, job, carlos):
        make_offer(app, job, carlos)
        assert cleaner.post(my_offer_url(job, "rescind")).status_code == 303
        assert SENT in followed(cleaner, cleaner.post(offers_url(job)))

    def test_no_offer_is_404(self, app, cleaner, job):
        assert cleaner.post(my_offer_url(job, "rescind")).status_code == 404

    def test_only_your_own_offer(self, app, cleaner, job):
        make_offer(app, job, make_user(app, "nadia"))
        assert cleaner.post(my_offer_url(job, "rescind")).status_code == 404
        assert statuses(app, job) == {"nadia": "pending"}


# What each of the cleaner's own actions needs the offer to be, and the
# refusal when it is in any other state.
MY_OFFER_ACTIONS = {
    "cancel": ("accepted", "Only an accepted offer can be cancelled"),
    "rescind": ("pending", "Only a pending offer can be rescinded"),
}
STATUSES = ["pending", "accepted", "rejected", "cancelled", "completed"]


class TestCancelAndRescind:
    @pytest.mark.parametrize(
        ("action", "status"),
        [
            (action, status)
            for action, (needed, _) in MY_OFFER_ACTIONS.items()
            for status in STATUSES
            if status != needed
        ],
    )
    def test_another_state_is_400(self, app, cleaner, job, carlos, action, status):
        make_offer(app, job, carlos, status=status)
        response = cleaner.post(my_offer_url(job, action))
        assert response.status_code == 400
        assert MY_OFFER_ACTIONS[action][1] in body(response)
        assert statuses(app, job) == {"carlos": status}

    @pytest.fixture(params=list(MY_OFFER_ACTIONS))
    def ready(self, request, app, job, carlos):
        """(action, status): carlos's offer on the job, in the status that
        `action` needs, so that only the way of asking is wrong."""
        needed = MY_OFFER_ACTIONS[request.param][0]
        make_offer(app, job, carlos, status=needed)
        return request.param, needed

    def test_anonymous_goes_to_login(self, app, client, job, ready):
        action, needed = ready
        response = client.post(my_offer_url(job, action))
        assert response.status_code in (302, 303)
        assert "/auth/login?next=" in response.headers["Location"]
        assert statuses(app, job) == {"carlos": needed}

    def test_missing_csrf_token_is_400(self, app, cleaner, job, ready):
        action, needed = ready
        assert cleaner.post(my_offer_url(job, action), csrf=False).status_code == 400
        assert statuses(app, job) == {"carlos": needed}
