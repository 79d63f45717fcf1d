"""Posting, showing, editing and deleting cleaning jobs, through HTTP."""

import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from sqlalchemy import text

from cleaning_app.extensions import db
from cleaning_app.models import Offer

from .builders import (
    BOOKED,
    BOOKING,
    activity_kinds,
    all_cleanings,
    body,
    count,
    followed,
    get_cleaning,
    log_in,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
)

JOB = {
    "name": "Move-out clean, 2 bedrooms",
    "description": "Oven, fridge and windows.\nKeys with the concierge.",
    "cleaning_type": "full_clean",
    "price": "19.99",
    **BOOKING,
}


@pytest.fixture
def resident(app, client):
    """A user logged in on `client`, who posts the jobs here."""
    user = make_user(app, "resident_rita")
    log_in(client, user)
    return user


# --- anonymous visitors -------------------------------------------------


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/cleanings/new"),
        ("post", "/cleanings/new"),
        ("get", "/cleanings/mine"),
        ("get", "/cleanings/1/edit"),
        ("post", "/cleanings/1/edit"),
        ("get", "/cleanings/1/delete"),
        ("post", "/cleanings/1/delete"),
    ],
)
def test_login_only_routes_redirect_to_login(app, client, method, path):
    make_cleaning(app, make_user(app))
    response = getattr(client, method)(path)
    assert response.status_code in (302, 303)
    location = unquote(response.headers["Location"])
    assert location == f"/auth/login?next={path}"
    assert len(all_cleanings(app)) == 1


def test_anonymous_htmx_gets_401_with_hx_redirect(client):
    response = client.htmx("get", "/cleanings/new")
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/auth/login?next=")


def test_anyone_can_see_a_job(app, client):
    rita = make_user(app, "rita")
    job = make_cleaning(
        app,
        rita,
        name="Sparkling kitchen",
        price=Decimal("19.99"),
        cleaning_type="dust_up",
        description="Line one\nLine two",
    )
    response = client.get(f"/cleanings/{job.id}")
    page = body(response)
    assert response.status_code == 200
    assert "Sparkling kitchen" in page
    assert "$19.99/hr" in page
    assert "Dust Up" in page and "A quick tidy" in page
    assert "Line one\nLine two" in page
    assert "@rita" in page
    assert "Edit job" not in page and "Delete job" not in page
    assert "No offers yet" not in page


# --- posting a job ----------------------------------------------------------


def test_post_a_job(app, client, resident):
    assert client.get("/cleanings/new").status_code == 200
    response = client.post("/cleanings/new", JOB)
    [cleaning] = all_cleanings(app)
    assert response.headers["Location"] == f"/cleanings/{cleaning.id}"
    assert cleaning.name == JOB["name"]
    assert cleaning.description == JOB["description"]
    assert cleaning.cleaning_type == "full_clean"
    assert cleaning.price == Decimal("19.99")
    assert cleaning.owner_id == resident.id
    assert activity_kinds(app) == [("cleaning_posted", resident.id, cleaning.id)]
    page = followed(client, response)
    assert "Your job is posted." in page
    assert JOB["name"] in page and "Deep Clean" in page and "$19.99/hr" in page


def test_kind_of_clean_defaults_to_spot_clean_when_left_out(app, client, resident):
    data = {k: v for k, v in JOB.items() if k != "cleaning_type"}
    assert "Spot Clean" in followed(client, client.post("/cleanings/new", data))
    assert all_cleanings(app)[0].cleaning_type == "spot_clean"


def test_description_is_optional(app, client, resident):
    data = {"name": "Windows", "price": "30", **BOOKING}
    page = followed(client, client.post("/cleanings/new", data))
    assert "Your job is posted." in page and "$30.00/hr" in page
    [cleaning] = all_cleanings(app)
    assert cleaning.description == "" and cleaning.price == Decimal("30.00")


def test_owner_id_field_is_ignored(app, client, resident):
    other = make_user(app, "someone_else")
    response = client.post("/cleanings/new", {**JOB, "owner_id": str(other.id)})
    assert "@resident_rita" in followed(client, response)
    [cleaning] = all_cleanings(app)
    assert cleaning.owner_id == resident.id


def test_the_form_shows_each_kind_of_clean_with_its_explanation(client, resident):
    page = body(client.get("/cleanings/new"))
    for label in ("Dust Up", "Spot Clean", "Deep Clean", "Top to bottom"):
        assert label in page
    assert re.findall(r"<input checked[^>]*value=\"(\w+)\"", page) == ["spot_clean"]


@pytest.mark.parametrize(
    "price, expected",
    [
        ("0.01", Decimal("0.01")),
        ("99999.99", Decimal("99999.99")),
        ("25", Decimal("25.00")),
        ("$25.5", Decimal("25.50")),
        (" 19.90 ", Decimal("19.90")),
        ("1.230", Decimal("1.23")),
    ],
)
def test_valid_prices(app, client, resident, price, expected):
    response = client.post("/cleanings/new", {**JOB, "price": price})
    assert f"${expected:,}/hr" in followed(client, response)
    assert all_cleanings(app)[0].price == expected


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "Give your job a title."),
        ("name", "   ", "Give your job a title."),
        ("name", "x" * 121, "120 characters or fewer"),
        ("name", "Bad\x00name", "control characters"),
        ("name", "Two\nlines", "control characters"),
        ("description", "x" * 4001, "4000 characters or fewer"),
        ("description", "bell\x07", "control characters"),
        ("description", "nul\x00", "control characters"),
        ("cleaning_type", "x", "Choose Dust Up, Spot Clean or Deep Clean."),
        ("cleaning_type", "", "Choose Dust Up, Spot Clean or Deep Clean."),
        ("price", "", "Enter the hourly rate"),
        ("price", "abc", "Enter an amount in dollars"),
        ("price", "1.234", "at most 2 decimal places"),
        ("price", "0", "more than $0"),
        ("price", "0.00", "more than $0"),
        ("price", "-5", "more than $0"),
        ("price", "100000", "below $100,000"),
        ("price", "9" * 400, "below $100,000"),
        ("price", "1e5", "Enter an amount in dollars"),
        ("price", "NaN", "Enter an amount in dollars"),
        ("price", "Infinity", "Enter an amount in dollars"),
        ("price", "-Infinity", "Enter an amount in dollars"),
        ("price", "1,000", "Enter an amount in dollars"),
        ("price", "\u0661\u0662", "Enter an amount in dollars"),
        ("price", "12\x00", "Enter an amount in dollars"),
    ],
)
def test_invalid_job_is_refused_with_422(app, client, resident, field, value, message):
    response = client.post("/cleanings/new", {**JOB, field: value})
    page = body(response)
    assert response.status_code == 422
    assert message in page
    assert all_cleanings(app) == [] and activity_kinds(app) == []
    if field != "name":  # the other submitted values come back
        assert JOB["name"] in page


def test_missing_fields_are_422_not_500(app, client, resident):
    response = client.post("/cleanings/new", {})
    assert response.status_code == 422
    assert "Give your job a title." in body(response)
    assert "Enter the hourly rate" in body(response)
    assert all_cleanings(app) == []


def test_post_without_csrf_token_is_400(app, client, resident):
    response = client.post("/cleanings/new", JOB, csrf=False)
    assert response.status_code == 400
    assert all_cleanings(app) == []


def test_htmx_post_with_errors_gets_the_form_fragment(client, resident):
    response = client.htmx("post", "/cleanings/new", {**JOB, "price": "abc"})
    assert response.status_code == 422
    assert "<html" not in body(response) and 'id="cleaning-form"' in body(response)
    assert "HX-Request" in response.headers["Vary"]


# --- the job page -----------------------------------------------------------


def test_missing_job_is_404(client):
    assert client.get("/cleanings/999").status_code == 404
    assert client.get("/cleanings/abc").status_code == 404
    assert client.get("/cleanings/99999999999999999999999").status_code == 404


def test_owner_sees_edit_and_delete_controls_and_offers_placeholder(
    app, client, resident
):
    job = make_cleaning(app, resident)
    page = body(client.get(f"/cleanings/{job.id}"))
    assert f'href="/cleanings/{job.id}/edit"' in page
    assert f'hx-post="/cleanings/{job.id}/delete"' in page
    assert f'href="/cleanings/{job.id}/delete"' in page
    assert "hx-confirm=" in page
    assert "No offers yet" in page


def test_other_users_see_no_owner_controls(app, client):
    job = make_cleaning(app, make_user(app, "rita"))
    log_in(client, make_user(app, "carlos"))
    page = body(client.get(f"/cleanings/{job.id}"))
    assert job.name in page and "Offer to clean" in page
    assert "/edit" not in page and "hx-confirm" not in page


def test_job_page_shows_its_state(app, client, resident):
    job = make_cleaning(app, resident)
    assert "badge-open" in body(client.get(f"/cleanings/{job.id}"))
    make_offer(app, job, make_user(app, "carlos"), "accepted")
    assert "badge-accepted" in body(client.get(f"/cleanings/{job.id}"))


def test_job_page_query_count_is_fixed(app, client, query_counter):
    job = make_cleaning(app, make_user(app, "rita"))
    with query_counter as counter:
        assert client.get(f"/cleanings/{job.id}").status_code == 200
    assert counter.count <= 2


# --- editing ------------------------------------------------------------------


def test_owner_edits_a_job(app, client, resident):
    job = make_cleaning(app, resident, name="Old name", price=Decimal("10"))
    form = body(client.get(f"/cleanings/{job.id}/edit"))
    assert 'value="Old name"' in form and 'value="10.00"' in form
    response = client.post(f"/cleanings/{job.id}/edit", JOB)
    assert response.headers["Location"] == f"/cleanings/{job.id}"
    page = followed(client, response)
    assert "Your changes are saved." in page and JOB["name"] in page
    cleaning = get_cleaning(app, job.id)
    assert (cleaning.name, cleaning.price) == (JOB["name"], Decimal("19.99"))
    assert cleaning.cleaning_type == "full_clean"
    assert activity_kinds(app) == [("cleaning_updated", resident.id, job.id)]


def test_saving_without_changes_writes_no_event(app, client, resident):
    job = make_cleaning(
        app,
        resident,
        name=JOB["name"],
        description=JOB["description"],
        cleaning_type="full_clean",
        price=Decimal("19.99"),
        **BOOKED,
    )
    before = get_cleaning(app, job.id).updated_at
    response = client.post(f"/cleanings/{job.id}/edit", {**JOB, "price": "19.990"})
    page = followed(client, response)
    assert JOB["name"] in page and "Your changes are saved." not in page
    assert activity_kinds(app) == []
    assert get_cleaning(app, job.id).updated_at == before


def test_edit_moves_updated_at_but_not_created_at(app, client, resident):
    job = make_cleaning(app, resident, minutes_ago=60)
    before = get_cleaning(app, job.id)
    assert client.post(f"/cleanings/{job.id}/edit", JOB).status_code == 303
    after = get_cleaning(app, job.id)
    assert after.created_at == before.created_at
    assert after.updated_at > before.updated_at


def test_edit_ignores_owner_id(app, client, resident):
    other = make_user(app, "other")
    job = make_cleaning(app, resident)
    response = client.post(
        f"/cleanings/{job.id}/edit", {**JOB, "owner_id": str(other.id)}
    )
    assert "@resident_rita" in followed(client, response)
    assert get_cleaning(app, job.id).owner_id == resident.id


def test_edit_missing_type_means_the_default(app, client, resident):
    job = make_cleaning(app, resident, cleaning_type="dust_up")
    data = {k: v for k, v in JOB.items() if k != "cleaning_type"}
    page = followed(client, client.post(f"/cleanings/{job.id}/edit", data))
    assert "Spot Clean" in page and "Dust Up" not in page
    assert get_cleaning(app, job.id).cleaning_type == "spot_clean"


@pytest.mark.parametrize(
    "field, value", [("name", ""), ("price", "NaN"), ("cleaning_type", "zzz")]
)
def test_invalid_edit_is_422_and_writes_nothing(app, client, resident, field, value):
    job = make_cleaning(app, resident, name="Keep me")
    response = client.post(f"/cleanings/{job.id}/edit", {**JOB, field: value})
    assert response.status_code == 422
    assert get_cleaning(app, job.id).name == "Keep me"
    assert activity_kinds(app) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_owner_can_edit(app, client, method):
    job = make_cleaning(app, make_user(app, "rita"), name="Rita's job")
    log_in(client, make_user(app, "carlos"))
    response = getattr(client, method)(
        f"/cleanings/{job.id}/edit", **({"data": JOB} if method == "post" else {})
    )
    assert response.status_code == 403
    assert get_cleaning(app, job.id).name == "Rita's job"


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_editing_or_deleting_a_missing_job_is_404(client, resident, action):
    assert client.get(f"/cleanings/999/{action}").status_code == 404
    assert client.post(f"/cleanings/999/{action}", JOB).status_code == 404


# --- deleting -----------------------------------------------------------------


def test_delete_asks_for_confirmation_without_javascript(app, client, resident):
    job = make_cleaning(app, resident, name="Bathroom")
    page = body(client.get(f"/cleanings/{job.id}/delete"))
    assert "Delete “Bathroom”?" in page
    assert f'action="/cleanings/{job.id}/delete"' in page
    assert 'name="csrf_token"' in page
    assert get_cleaning(app, job.id) is not None


def test_owner_deletes_a_job_and_its_open_offers(app, client, resident):
    job = make_cleaning(app, resident)
    for status in ("pending", "rejected", "cancelled"):
        make_offer(app, job, make_user(app), status)
    response = client.post(f"/cleanings/{job.id}/delete")
    assert response.headers["Location"] == "/cleanings/mine"
    assert f"“{job.name}” was deleted." in followed(client, response)
    assert get_cleaning(app, job.id) is None
    assert count(app, Offer) == 0


def test_delete_through_htmx_also_redirects(app, client, resident):
    job = make_cleaning(app, resident)
    response = client.htmx("post", f"/cleanings/{job.id}/delete")
    assert f"“{job.name}” was deleted." in followed(client, response)
    assert get_cleaning(app, job.id) is None


@pytest.mark.parametrize("status", ["accepted", "completed"])
def test_a_job_with_an_accepted_or_completed_offer_cannot_be_deleted(
    app, client, resident, status
):
    job = make_cleaning(app, resident)
    make_offer(app, job, make_user(app, "carlos"), status)
    make_offer(app, job, make_user(app, "dora"), "rejected")
    response = client.post(f"/cleanings/{job.id}/delete")
    assert response.status_code == 400
    assert (
        "This job has an accepted or completed offer and can&#39;t be deleted."
        in body(response)
    )
    assert get_cleaning(app, job.id) is not None
    assert count(app, Offer) == 2
    confirm = body(client.get(f"/cleanings/{job.id}/delete"))
    assert "can&#39;t be deleted" in confirm and "Yes, delete" not in confirm


@pytest.mark.parametrize("status", ["accepted", "completed"])
def test_the_job_page_offers_no_delete_for_a_job_that_cannot_be_deleted(
    app, client, resident, status
):
    job = make_cleaning(app, resident)
    make_offer(app, job, make_user(app, "carlos"), status)
    page = body(client.get(f"/cleanings/{job.id}"))
    assert f'/cleanings/{job.id}/delete"' not in page
    assert "Delete job" not in page
    assert "A job with a hired cleaner can't be deleted." in page


def test_an_htmx_accept_takes_the_delete_control_away_in_place(app, client, resident):
    job = make_cleaning(app, resident)
    make_offer(app, job, make_user(app, "carlos"))
    response = client.htmx("post", f"/cleanings/{job.id}/offers/carlos/accept")
    page = body(response)
    assert response.status_code == 200
    control = re.search(r'<[^>]*id="job-delete"[^>]*>[^<]*', page).group()
    assert 'hx-swap-oob="true"' in control and "can't be deleted" in control
    assert f'/cleanings/{job.id}/delete"' not in page


def test_only_the_owner_can_delete(app, client):
    job = make_cleaning(app, make_user(app, "rita"))
    log_in(client, make_user(app, "carlos"))
    assert client.get(f"/cleanings/{job.id}/delete").status_code == 403
    assert client.post(f"/cleanings/{job.id}/delete").status_code == 403
    assert get_cleaning(app, job.id) is not None


def test_delete_needs_post_with_csrf(app, client, resident):
    job = make_cleaning(app, resident)
    assert client.post(f"/cleanings/{job.id}/delete", csrf=False).status_code == 400
    assert client.raw.put(f"/cleanings/{job.id}/delete").status_code == 405
    assert get_cleaning(app, job.id) is not None


# --- my jobs ------------------------------------------------------------------


def test_my_jobs_lists_own_jobs_with_offer_counts_and_state(app, client, resident):
    cleaners = [make_user(app) for _ in range(3)]
    open_job = make_cleaning(app, resident, name="Open job", minutes_ago=3)
    accepted = make_cleaning(app, resident, name="Accepted job", minutes_ago=2)
    done = make_cleaning(app, resident, name="Done job", minutes_ago=1)
    make_cleaning(app, make_user(app), name="Someone else's job")
    make_offer(app, open_job, cleaners[0], "pending")
    make_offer(app, open_job, cleaners[1], "pending")
    make_offer(app, open_job, cleaners[2], "cancelled")
    make_offer(app, accepted, cleaners[0], "accepted")
    make_offer(app, accepted, cleaners[1], "rejected")
    make_offer(app, done, cleaners[2], "completed")
    page = body(client.get("/cleanings/mine"))
    assert "Someone else&#39;s job" not in page
    assert page.index("Done job") < page.index("Accepted job") < page.index("Open job")
    assert f'data-cleaning-id="{open_job.id}" data-state="open"' in page
    assert f'data-cleaning-id="{accepted.id}" data-state="accepted"' in page
    assert f'data-cleaning-id="{done.id}" data-state="completed"' in page
    assert 'data-pending="2" data-total="3"' in page
    assert 'data-pending="0" data-total="2"' in page
    assert 'data-pending="0" data-total="1"' in page


def test_my_jobs_names_the_hired_cleaner_with_their_rating(app, client, resident):
    carlos, nadia = make_user(app, "carlos"), make_user(app, "nadia")
    past = make_cleaning(app, resident, name="Last month's clean")
    make_evaluation(app, past, carlos, overall_rating=4)
    hired = make_cleaning(app, resident, name="This week's clean")
    make_offer(app, hired, carlos, "accepted")
    waiting = make_cleaning(app, resident, name="Still open")
    make_offer(app, waiting, nadia, "pending")
    page = body(client.get("/cleanings/mine"))
    rows = {
        job: page[page.index(f'data-cleaning-id="{job.id}"') :]
        for job in (hired, waiting)
    }
    assert rows[hired].split("</tr>")[0].count("@carlos") == 1
    assert "4.0" in rows[hired].split("</tr>")[0]
    assert "(1 review)" in rows[hired].split("</tr>")[0]
    assert "@nadia" not in page and "Not chosen yet" in rows[waiting].split("</tr>")[0]


def test_my_jobs_empty_state(client, resident):
    assert "You haven't posted any jobs yet." in body(client.get("/cleanings/mine"))


def test_my_jobs_costs_a_fixed_number_of_queries(app, client, resident, query_counter):
    def count_for(n):
        for i in range(n):
            job = make_cleaning(app, resident)
            make_offer(app, job, make_user(app), "accepted" if i % 2 else "pending")
        with query_counter as counter:
            assert client.get("/cleanings/mine").status_code == 200
        return counter.count

    assert count_for(2) == count_for(18)


def test_trigger_sets_updated_at_in_the_database(app, resident):
    job = make_cleaning(app, resident)
    with app.app_context():
        row = db.session.execute(
            text(
                "UPDATE cleanings SET name = 'x' WHERE id = :id "
                "RETURNING updated_at > created_at"
            ),
            {"id": job.id},
        ).scalar()
        db.session.commit()
    assert row is True


@pytest.mark.parametrize("page", ["/cleanings/{id}", "/cleanings/{id}/offers"])
def test_an_htmx_accept_finds_every_out_of_band_target_on_its_page(
    app, client, resident, page
):
    """The job page and the offers page both hold what an htmx accept swaps
    out of band; a missing target is an htmx error in the browser."""
    job = make_cleaning(app, resident)
    make_offer(app, job, make_user(app, "carlos"))
    shown = body(client.get(page.format(id=job.id)))
    response = client.htmx("post", f"/cleanings/{job.id}/offers/carlos/accept")
    assert response.status_code == 200
    targets = re.findall(r'<[^>]*\bid="([^"]+)"[^>]*hx-swap-oob', body(response))
    assert "job-delete" in targets and "job-state" in targets
    for target in targets:
        assert f'id="{target}"' in shown, target
