"""Invitations (CONTRACT "Cleaners: directory and invitations"): the owner
of an open job invites a cleaner to offer; every refusal and its message,
the limit of 10 (also under simultaneous invites), the notification in
the same transaction, the job page for each viewer, and the "Invite to a
job" control on profiles and directory cards."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from cleaning_app.extensions import db
from cleaning_app.models import CleanerProfile, Invitation, Notification, User

from .builders import (
    body,
    count,
    followed,
    log_in,
    make_cleaning,
    make_offer,
    make_user,
    text,
)
from .notified import emails_to, notifications_of
from .test_offers_race import all_at_once

HTMX = {"HX-Request": "true"}


def make_cleaner(app, username=None, role="clean", **fields):
    """A user here to clean, with the complete profile the directory lists."""
    user = make_user(app, username, role=role, **fields)
    with app.app_context():
        db.session.add(
            CleanerProfile(
                user_id=user.id,
                services=["spot_clean"],
                hourly_rate=Decimal("25.00"),
                areas=["Camden"],
            )
        )
        db.session.commit()
    return user


def invitations(app) -> list[tuple[int, int]]:
    with app.app_context():
        rows = db.session.execute(
            select(Invitation.cleaning_id, Invitation.cleaner_id).order_by(
                Invitation.created_at, Invitation.cleaner_id
            )
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def invite(client, job, username, **fields):
    return client.post(f"/cleanings/{job.id}/invite", {"username": username, **fields})


@pytest.fixture
def carla(app):
    return make_cleaner(app, "carla")


# --- success ----------------------------------------------------------------


def test_the_owner_invites_a_cleaner_who_is_notified(app, owner, rita, job, carla):
    response = invite(owner, job, "carla")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/cleanings/{job.id}"
    assert "You invited @carla to “Two-bedroom flat”." in followed(owner, response)
    assert invitations(app) == [(job.id, carla.id)]
    assert notifications_of(app, carla) == [("invited", rita.id, job.id)]
    [email] = emails_to(app, carla)  # queued with it, as carla wants by default
    assert "invited you to" in str(email)


def test_the_username_is_found_ignoring_case(app, owner, job, carla):
    assert invite(owner, job, "CARLA").status_code == 303
    assert invitations(app) == [(job.id, carla.id)]


@pytest.mark.parametrize(
    "next_page, lands_on",
    [
        ("/profiles/carla", "/profiles/carla"),
        (
            "/cleaners?area=Camden&type=spot_clean",
            "/cleaners?area=Camden&type=spot_clean",
        ),
        ("//evil.example/x", None),
        ("https://evil.example/", None),
        ("/\\evil.example", None),
        ("", None),
    ],
)
def test_it_goes_back_to_a_safe_next_page_else_the_job(
    app, owner, job, carla, next_page, lands_on
):
    response = invite(owner, job, "carla", next=next_page)
    assert response.status_code == 303
    assert response.headers["Location"] == (lands_on or f"/cleanings/{job.id}")


def test_both_is_a_cleaner_too(app, owner, job):
    both = make_cleaner(app, "bo", role="both")
    assert invite(owner, job, "bo").status_code == 303
    assert invitations(app) == [(job.id, both.id)]


# --- refusals: each a clear 4xx that writes nothing ---------------------------


def assert_nothing_written(app):
    assert count(app, Invitation) == 0
    assert count(app, Notification) == 0


def test_anonymous_goes_to_the_login_page(app, client, job, carla):
    response = invite(client, job, "carla")
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith(
        f"/auth/login?next=/cleanings/{job.id}/invite"
    )
    assert_nothing_written(app)


def test_someone_elses_job_is_403(app, browser_as, job, carla):
    other = browser_as(make_user(app, "otto"))
    assert invite(other, job, "carla").status_code == 403
    # Not even a cleaner may invite others to a job that isn't theirs.
    assert invite(browser_as(carla), job, "otto").status_code == 403
    assert_nothing_written(app)


def test_no_such_job_is_404(app, owner, job, carla):
    assert owner.post("/cleanings/999/invite", {"username": "carla"}).status_code == 404
    assert owner.post("/cleanings/x/invite", {"username": "carla"}).status_code == 404
    assert_nothing_written(app)
    assert invite(owner, job, "carla").status_code == 303  # the real job's route


@pytest.mark.parametrize("username", ["nobody", "car la", "a" * 200])
def test_no_such_user_is_404(app, owner, job, carla, username):
    response = invite(owner, job, username)
    assert response.status_code == 404
    assert "There is no such user." in text(response)
    assert_nothing_written(app)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "Say whom to invite."),
        ({"username": ""}, "Say whom to invite."),
        ({"username": "carla\x00"}, "This field can't contain control characters."),
    ],
)
def test_a_missing_or_garbled_username_is_422(app, owner, job, carla, fields, message):
    response = owner.post(f"/cleanings/{job.id}/invite", fields)
    assert response.status_code == 422
    assert message in text(response)
    assert_nothing_written(app)


def test_without_a_csrf_token_it_is_400(app, owner, job, carla):
    response = owner.post(
        f"/cleanings/{job.id}/invite", {"username": "carla"}, csrf=False
    )
    assert response.status_code == 400
    assert_nothing_written(app)


def refused(owner, job, username, message):
    response = invite(owner, job, username)
    assert response.status_code == 400, response.status_code
    page = text(response)
    assert message in page
    # The way back to where the form was (here, the job).
    assert f'href="/cleanings/{job.id}"' in page
    return response


def test_a_resident_is_not_a_cleaner(app, owner, job):
    make_user(app, "hana")  # here to hire
    refused(
        owner,
        job,
        "hana",
        "@hana isn't taking cleaning work on Phresh, so they can't be invited.",
    )
    assert_nothing_written(app)


def test_a_cleaner_without_a_complete_profile_is_not_listed_so_not_invited(
    app, owner, job
):
    make_user(app, "newbie", role="clean")  # said they clean, no profile yet
    refused(owner, job, "newbie", "@newbie isn't taking cleaning work")
    assert_nothing_written(app)


def test_a_former_cleaner_is_not_invited(app, owner, job):
    make_cleaner(app, "retired", role="hire")  # stopped cleaning, kept the row
    refused(owner, job, "retired", "@retired isn't taking cleaning work")
    assert_nothing_written(app)


def test_a_deactivated_cleaner_is_not_invited(app, owner, job):
    make_cleaner(app, "gone", is_active=False)
    refused(owner, job, "gone", "@gone isn't taking cleaning work")
    assert_nothing_written(app)


def test_the_owner_cannot_invite_themself(app, rita, owner, job):
    with app.app_context():
        db.session.add(
            CleanerProfile(
                user_id=rita.id,
                services=["dust_up"],
                hourly_rate=Decimal("20"),
                areas=["Camden"],
            )
        )
        db.session.execute(update(User).where(User.id == rita.id).values(role="both"))
        db.session.commit()
    refused(owner, job, "rita", "You can't invite yourself to your own job.")
    assert_nothing_written(app)


def test_inviting_twice_is_refused(app, owner, job, carla):
    assert invite(owner, job, "carla").status_code == 303
    refused(owner, job, "carla", "You already invited @carla to this job.")
    assert invitations(app) == [(job.id, carla.id)]
    assert len(notifications_of(app, carla)) == 1


def test_a_cleaner_who_already_offered_is_not_invited(app, owner, job, carla):
    make_offer(app, job, carla)
    refused(owner, job, "carla", "@carla already made an offer on this job.")
    assert_nothing_written(app)


def test_a_taken_job_takes_no_invitations(app, owner, job, carla):
    make_offer(app, job, make_cleaner(app, "hired"), "accepted")
    refused(
        owner,
        job,
        "carla",
        "This job already has an accepted offer, so it isn't taking invitations.",
    )
    assert_nothing_written(app)


def test_an_expired_job_takes_no_invitations(app, owner, rita, carla):
    past = datetime.now(UTC) - timedelta(days=1)
    job = make_cleaning(app, rita, starts_at=past, hours=Decimal("2"), area="Camden")
    refused(
        owner,
        job,
        "carla",
        "This job's date has passed. Move the date to invite cleaners.",
    )
    assert_nothing_written(app)


def test_ten_invitations_at_most(app, owner, job):
    cleaners = [make_cleaner(app, f"c{i}") for i in range(11)]
    for cleaner in cleaners[:10]:
        assert invite(owner, job, cleaner.username).status_code == 303
    refused(
        owner,
        job,
        "c10",
        "This job already has 10 invitations, the most one job can have.",
    )
    assert len(invitations(app)) == 10
    assert notifications_of(app, cleaners[10]) == []


def test_simultaneous_invitations_never_pass_ten(app, make_client, rita, job):
    """Eight invited; four more at once: exactly two get in."""
    invited = [make_cleaner(app, f"c{i}") for i in range(8)]
    with app.app_context():
        for cleaner in invited:
            db.session.add(Invitation(cleaning_id=job.id, cleaner_id=cleaner.id))
        db.session.commit()
    requests = []
    for i in range(4):
        make_cleaner(app, f"late{i}")
        tab = make_client()
        log_in(tab, rita)
        data = {"username": f"late{i}", "csrf_token": tab.csrf_token()}
        requests.append((tab, f"/cleanings/{job.id}/invite", data))

    responses = all_at_once(requests)

    assert sorted(r.status_code for r in responses) == [303, 303, 400, 400]
    assert len(invitations(app)) == 10
    with app.app_context():
        kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds == ["invited", "invited"]  # only the two that got in


def test_the_same_form_posted_twice_invites_once(app, owner, job, carla):
    page = body(owner.get("/profiles/carla"))
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = {"username": "carla", "submission_key": key, "next": "/profiles/carla"}
    first = owner.post(f"/cleanings/{job.id}/invite", data)
    again = owner.post(f"/cleanings/{job.id}/invite", data)
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"] == "/profiles/carla"
    assert invitations(app) == [(job.id, carla.id)]


# --- the control's route: the job chosen in a select --------------------------


def test_the_control_invites_to_the_chosen_job(app, owner, rita, carla):
    make_cleaning(app, rita, name="Other job")
    chosen = make_cleaning(app, rita, name="Chosen job")
    response = owner.post(
        "/invitations",
        {"username": "carla", "cleaning_id": str(chosen.id), "next": "/profiles/carla"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/profiles/carla"
    assert invitations(app) == [(chosen.id, carla.id)]


def test_with_htmx_the_control_becomes_invited_in_place(app, owner, job, carla):
    response = owner.htmx(
        "post", "/invitations", {"username": "carla", "cleaning_id": str(job.id)}
    )
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and "Invited" in page and "Two-bedroom flat" in page
    assert invitations(app) == [(job.id, carla.id)]


def test_with_htmx_a_refusal_shows_in_place(app, owner, job, carla):
    make_offer(app, job, carla)
    response = owner.htmx(
        "post", "/invitations", {"username": "carla", "cleaning_id": str(job.id)}
    )
    assert response.status_code == 400
    page = text(response)
    assert "<html" not in page and "@carla already made an offer" in page


@pytest.mark.parametrize("job_id", ["", "abc", "0", "-1", "1.5", "9" * 30])
def test_the_control_without_a_good_job_is_422(app, owner, job, carla, job_id):
    response = owner.post("/invitations", {"username": "carla", "cleaning_id": job_id})
    assert response.status_code == 422
    assert "Choose one of your open jobs." in text(response)
    assert_nothing_written(app)


def test_the_control_checks_the_job_like_the_contract_route(
    app, owner, browser_as, job, carla
):
    other = make_cleaning(app, make_user(app, "otto"))
    data = {"username": "carla", "cleaning_id": str(other.id)}
    assert owner.post("/invitations", data).status_code == 403
    data["cleaning_id"] = "12345"
    assert owner.post("/invitations", data).status_code == 404
    assert_nothing_written(app)


# --- the job page ---------------------------------------------------------------


def test_the_owner_sees_whom_they_invited_and_who_offered(app, owner, job, carla):
    make_cleaner(app, "dora")
    assert "Nobody yet." in text(owner.get(f"/cleanings/{job.id}"))
    invite(owner, job, "carla")
    invite(owner, job, "dora")
    make_offer(app, job, carla)
    page = text(owner.get(f"/cleanings/{job.id}"))
    carla_row = page.split('data-invited="carla"')[1].split("</li>")[0]
    dora_row = page.split('data-invited="dora"')[1].split("</li>")[0]
    assert "Made an offer" in carla_row
    assert "No offer yet" in dora_row


def test_the_invited_cleaner_sees_you_are_invited_above_the_offer_form(
    app, owner, browser_as, job, carla
):
    invite(owner, job, "carla")
    cleaner = browser_as(carla)
    page = text(cleaner.get(f"/cleanings/{job.id}"))
    assert "You're invited." in page
    assert page.index("You're invited.") < page.index("Offer to clean")
    # Once they offered, the offer speaks for itself.
    cleaner.post(f"/cleanings/{job.id}/offers", {"message": "Happy to."})
    assert "You're invited." not in text(cleaner.get(f"/cleanings/{job.id}"))


def test_others_see_no_invitations(app, owner, client, browser_as, job, carla):
    assert invite(owner, job, "carla").status_code == 303
    other = browser_as(make_cleaner(app, "dora"))
    for viewer in (other, client):
        page = text(viewer.get(f"/cleanings/{job.id}"))
        assert "You're invited." not in page
        assert 'data-invited="carla"' not in page and "Invited cleaners" not in page


# --- the "Invite to a job" control ------------------------------------------------


def control(response) -> str | None:
    page = body(response)
    if 'class="invite-form"' not in page:
        return None
    start = page.index('class="invite-form"')
    return page[start : page.index("</form>", start)]


def test_a_cleaners_profile_has_the_control_for_someone_with_open_jobs(
    app, owner, rita, job, carla
):
    make_cleaning(app, rita, name="Taken job")  # listed: open
    form = control(owner.get("/profiles/carla"))
    assert form is not None
    assert f'<option value="{job.id}">Two-bedroom flat</option>' in form
    assert 'name="username" value="carla"' in form
    assert 'name="next" value="/profiles/carla"' in form
    assert 'name="submission_key"' in form and 'name="csrf_token"' in form


def test_no_control_without_open_jobs_a_login_or_a_cleaner(
    app, client, owner, browser_as, rita, carla
):
    assert control(owner.get("/profiles/carla")) is None  # rita has no open job
    taken = make_cleaning(app, rita)
    make_offer(app, taken, make_cleaner(app, "hired"), "accepted")
    assert control(owner.get("/profiles/carla")) is None  # none open
    make_cleaning(app, rita)
    assert control(owner.get("/profiles/carla")) is not None
    assert control(client.get("/profiles/carla")) is None  # a visitor
    assert control(browser_as(carla).get("/profiles/carla")) is None
    make_user(app, "hana")  # not a cleaner
    assert control(owner.get("/profiles/hana")) is None
    assert control(owner.get("/profiles/rita")) is None  # oneself


def test_directory_cards_have_the_control_for_someone_with_open_jobs(
    app, client, owner, rita, carla
):
    assert control(owner.get("/cleaners")) is None  # no open job yet
    job = make_cleaning(app, rita, name="Flat")
    make_cleaner(app, "dora")
    page = body(owner.get("/cleaners?area=Camden"))
    assert page.count('class="invite-form"') == 2
    assert f'<option value="{job.id}">Flat</option>' in page
    assert 'name="next" value="/cleaners?area=Camden"' in page
    assert control(client.get("/cleaners")) is None
    # The htmx results (a filter changed) keep the control.
    assert control(owner.htmx("get", "/cleaners?area=Camden")) is not None


def test_the_directory_costs_the_same_with_the_control_for_2_or_20_cleaners(
    app, rita, owner, query_counter
):
    make_cleaning(app, rita)
    make_cleaning(app, rita)

    def count_for(n):
        while len(invitable(app)) < n:
            make_cleaner(app)
        with query_counter:
            page = body(owner.get("/cleaners"))
        assert page.count('class="invite-form"') == n
        return query_counter.count

    assert count_for(2) == count_for(20)


def invitable(app) -> list[int]:
    with app.app_context():
        ids = db.session.scalars(select(CleanerProfile.user_id)).all()
        db.session.remove()
    return ids


def test_the_profile_costs_the_same_with_2_or_20_open_jobs(
    app, rita, owner, carla, query_counter
):
    def count_for(n):
        while len(open_job_names(owner)) < n:
            make_cleaning(app, rita)
        with query_counter:
            assert control(owner.get("/profiles/carla")) is not None
        return query_counter.count

    assert count_for(2) == count_for(20)


def open_job_names(owner) -> list[str]:
    form = control(owner.get("/profiles/carla")) or ""
    return form.split("<option")[1:]
