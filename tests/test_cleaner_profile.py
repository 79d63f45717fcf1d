"""Becoming a cleaner (or stopping) on /profiles/me/edit: the role, the
cleaner fields, their rules and messages, and their inline checks."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import CleanerProfile, Profile, User

from .builders import log_in, make_user, text

URL = "/profiles/me/edit"
CLEANER = {
    "full_name": "Carla Mop",
    "role": "clean",
    "services": ["full_clean", "dust_up"],
    "hourly_rate": " $24.5 ",
    "areas": " Leith ,Morningside, leith,, Old Town ",
    "available_days": ["sat", "mon"],
}


@pytest.fixture
def carla(app, client):
    user = make_user(app, "carla", full_name="Before")
    log_in(client, user)
    return user


def saved(app, user):
    """(role, full name, the cleaner profile's values or None)."""
    with app.app_context():
        role = db.session.scalar(select(User.role).where(User.id == user.id))
        name = db.session.scalar(
            select(Profile.full_name).where(Profile.user_id == user.id)
        )
        row = db.session.get(CleanerProfile, user.id)
        values = row and (
            row.services,
            row.hourly_rate,
            row.areas,
            row.available_days,
        )
        return role, name, values


def message(response, field) -> str:
    found = re.search(
        rf'<p id="{field}-msg" class="field-msg is-error"[^>]*>([^<]*)</p>',
        text(response),
    )
    return found.group(1) if found else ""


@pytest.mark.parametrize("role", ["clean", "both"])
def test_a_cleaner_saves_their_fields_as_the_database_keeps_them(
    app, client, carla, role
):
    response = client.post(URL, {**CLEANER, "role": role})
    assert response.status_code == 303
    assert saved(app, carla) == (
        role,
        "Carla Mop",
        (
            ["dust_up", "full_clean"],
            Decimal("24.50"),
            ["Leith", "Morningside", "Old Town"],
            ["mon", "sat"],
        ),
    )


def test_the_form_comes_back_filled_in(client, carla):
    client.post(URL, CLEANER)
    page = text(client.get(URL))
    assert '<input checked id="role-1" name="role" type="radio" value="clean">' in page
    assert (
        'checked id="services-0" name="services" type="checkbox" value="dust_up"'
        in page
    )
    assert 'id="services-1" name="services" type="checkbox" value="spot_clean">' in page
    assert 'value="24.50"' in page
    assert 'value="Leith, Morningside, Old Town"' in page
    assert 'checked id="available_days-5"' in page


BAD = [
    ("role", "admin", "Choose Find a cleaner, Find cleaning work or Both."),
    ("services", [], "Choose at least one kind of clean you do."),
    ("services", ["window_clean"], "Choose from Dust Up, Spot Clean and Deep Clean."),
    ("hourly_rate", "", "Enter your usual hourly rate."),
    ("hourly_rate", "abc", "Enter an amount in dollars, like 25 or 19.99."),
    ("hourly_rate", "0", "The rate must be more than $0."),
    ("hourly_rate", "-3", "The rate must be more than $0."),
    ("hourly_rate", "100000", "The rate must be below $100,000 an hour."),
    ("hourly_rate", "1.234", "Use at most 2 decimal places (cents)."),
    ("areas", "", "Enter at least one town or neighbourhood."),
    ("areas", " , ,", "Enter at least one town or neighbourhood."),
    ("areas", "Leith, L", "Each area must be 2 to 80 characters: “L” is not."),
    ("areas", "a1,a2,a3,a4,a5,a6", "List at most 5 areas, separated by commas."),
    ("areas", "x" * 501, "Keep the areas to 500 characters or fewer."),
    ("areas", "Leith\x00", "This field can't contain control characters."),
    ("available_days", ["someday"], "Choose days from Monday to Sunday."),
]


@pytest.mark.parametrize(("field", "value", "expected"), BAD)
def test_a_bad_cleaner_field_is_a_422_under_it_and_writes_nothing(
    app, client, carla, field, value, expected
):
    response = client.post(URL, {**CLEANER, field: value})
    assert response.status_code == 422
    assert message(response, field) == expected
    assert saved(app, carla) == ("hire", "Before", None)


def test_areas_alike_only_to_the_database_are_a_422_not_a_500(app, client, carla):
    # Python's casefold keeps "İx" and "ix" apart; PostgreSQL's lower()
    # (C.UTF-8) makes them one, and the CHECK refuses the pair.
    response = client.post(URL, {**CLEANER, "areas": "İx, ix"})
    assert response.status_code == 422
    assert message(response, "areas") == (
        "Two of these areas are the same ignoring case; list each once."
    )
    assert saved(app, carla) == ("hire", "Before", None)


def test_an_area_too_long_names_it(app, client, carla):
    response = client.post(URL, {**CLEANER, "areas": "Leith, " + "y" * 81})
    assert response.status_code == 422
    assert message(response, "areas").startswith("Each area must be 2 to 80")


def test_a_resident_posts_without_the_cleaner_fields_counting(app, client, carla):
    bad = {**CLEANER, "role": "hire", "hourly_rate": "abc", "services": ["x"]}
    assert client.post(URL, bad).status_code == 303
    assert saved(app, carla) == ("hire", "Carla Mop", None)


def test_leaving_the_role_out_keeps_it(app, client, carla):
    client.post(URL, CLEANER)
    without_role = {k: v for k, v in CLEANER.items() if k != "role"}
    assert client.post(URL, {**without_role, "hourly_rate": "30"}).status_code == 303
    role, _, values = saved(app, carla)
    assert role == "clean" and values[1] == Decimal("30.00")


def test_stopping_being_a_cleaner_keeps_the_cleaner_profile(app, client, carla):
    client.post(URL, CLEANER)
    _, _, before = saved(app, carla)
    assert client.post(URL, {"role": "hire", "full_name": "Carla"}).status_code == 303
    assert saved(app, carla) == ("hire", "Carla", before)
    # Coming back starts from what they had.
    page = text(client.get(URL))
    assert 'value="Leith, Morningside, Old Town"' in page


def test_a_resident_sees_the_cleaner_fields_with_the_note(client, carla):
    page = text(client.get(URL))
    assert "data-cleaner-fields" in page
    assert "These count only if you're here to find cleaning work" in page
    assert '<input checked id="role-0" name="role" type="radio" value="hire">' in page


@pytest.mark.parametrize(("field", "value", "expected"), BAD[1:])
def test_the_inline_check_answers_the_same_message(
    app, client, carla, field, value, expected
):
    response = client.htmx(
        "post", f"{URL[:-5]}/check/{field}", {**CLEANER, field: value}
    )
    assert response.status_code == 200
    assert message(response, field) == expected
    assert saved(app, carla) == ("hire", "Before", None)


def test_the_inline_check_of_a_good_field_gives_its_help(client, carla):
    response = client.htmx("post", "/profiles/me/check/areas", CLEANER)
    assert response.status_code == 200
    assert "1 to 5 towns or neighbourhoods, separated by commas." in text(response)
    assert "is-error" not in text(response)


def test_the_inline_check_knows_only_the_cleaner_fields(client, carla):
    assert client.htmx("post", "/profiles/me/check/bio", CLEANER).status_code == 404


def test_the_inline_check_needs_a_login(client):
    response = client.htmx("post", "/profiles/me/check/areas", CLEANER)
    assert response.status_code in (302, 401)


def test_a_cleaners_profile_shows_what_they_offer(app, client, make_client, carla):
    client.post(URL, {**CLEANER, "role": "both"})
    page = text(make_client().get("/profiles/carla"))
    assert "Cleans homes" in page
    assert '<span class="badge badge-dust_up">Dust Up</span>' in page
    assert '<span class="badge badge-full_clean">Deep Clean</span>' in page
    assert "Spot Clean" not in page
    assert "$24.50/hr" in page
    assert "Leith, Morningside, Old Town" in page
    assert '<abbr title="Monday">Mon</abbr>, <abbr title="Saturday">Sat</abbr>' in page


def test_a_cleaner_without_days_agrees_them_per_job(client, carla):
    client.post(URL, {**CLEANER, "available_days": []})
    assert "Agreed per job" in text(client.get("/profiles/carla"))


def test_a_profile_shows_no_cleaner_section_for_a_resident(client, carla):
    assert "Cleans homes" not in text(client.get("/profiles/carla"))
    client.post(URL, CLEANER)
    client.post(URL, {"role": "hire"})
    page = text(client.get("/profiles/carla"))
    assert "Cleans homes" not in page and "Leith" not in page
