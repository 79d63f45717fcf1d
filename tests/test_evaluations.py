"""Evaluations: the owner of a job with an accepted offer rates the cleaner."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from cleaning_app.evaluations import services
from cleaning_app.extensions import db
from cleaning_app.models import Activity, Evaluation, Offer
from cleaning_app.rules import Forbidden
from tests.builders import (
    followed,
    log_in,
    make_cleaning,
    make_evaluation,
    make_offer,
    make_user,
)

VALID = {
    "overall_rating": "4",
    "professionalism": "5",
    "completeness": "3",
    "efficiency": "",
    "no_show": "",
    "headline": "Spotless kitchen",
    "comment": "On time.\r\nWould book again.",
}


@pytest.fixture
def scene(app, client):
    """A job by `owner` (logged in) with `cleaner`'s offer accepted."""
    owner, cleaner = make_user(app, "owner"), make_user(app, "Cleaner_1")
    cleaning = make_cleaning(app, owner, name="Two-bedroom flat")
    make_offer(app, cleaning, cleaner, "accepted")
    log_in(client, owner)
    return owner, cleaner, cleaning


def url(cleaning):
    return f"/cleanings/{cleaning.id}/evaluation"


def evaluations(app):
    with app.app_context():
        return list(db.session.scalars(select(Evaluation)))


def offer_status(app, cleaning, cleaner):
    with app.app_context():
        return db.session.get(Offer, (cleaning.id, cleaner.id)).status


def activity_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Activity))


def assert_nothing_written(app, cleaning, cleaner):
    assert evaluations(app) == []
    assert offer_status(app, cleaning, cleaner) == "accepted"
    assert activity_count(app) == 0


def test_the_owner_sees_a_confirmation_on_the_profile(client, scene):
    _, _, cleaning = scene
    response = client.post(url(cleaning), VALID)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thanks! Your review of @Cleaner_1 is published." in page
    assert 'class="flash flash-success"' in page


def test_form_shows_the_star_pickers(client, scene):
    _, cleaner, cleaning = scene
    response = client.get(url(cleaning))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Rate @Cleaner_1" in html
    assert html.count("<fieldset") == 4
    assert "<legend>Overall rating" in html
    for n, label in [(1, "1 star"), (2, "2 stars"), (5, "5 stars")]:
        assert f'id="overall_rating-{n}" name="overall_rating" value="{n}"' in html
        assert f'<span class="visually-hidden">{label}</span>' in html
    assert 'type="radio"' in html and 'name="no_show"' in html


def test_owner_rates_the_cleaner(app, client, scene):
    owner, cleaner, cleaning = scene
    response = client.post(url(cleaning), {**VALID, "no_show": "y"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/profiles/Cleaner_1"
    [evaluation] = evaluations(app)
    assert (evaluation.cleaning_id, evaluation.cleaner_id) == (cleaning.id, cleaner.id)
    assert evaluation.overall_rating == 4
    assert (evaluation.professionalism, evaluation.completeness) == (5, 3)
    assert evaluation.efficiency is None
    assert evaluation.no_show is True
    assert evaluation.headline == "Spotless kitchen"
    assert evaluation.comment == "On time.\r\nWould book again."
    assert offer_status(app, cleaning, cleaner) == "completed"
    with app.app_context():
        [event] = db.session.scalars(select(Activity)).all()
        assert (event.kind, event.actor_id, event.cleaning_id) == (
            "cleaning_completed",
            owner.id,
            cleaning.id,
        )


def test_only_overall_rating_is_required(app, client, scene):
    _, _, cleaning = scene
    response = client.post(url(cleaning), {"overall_rating": "1"})
    assert "Your review of @Cleaner_1 is published." in followed(client, response)
    [evaluation] = evaluations(app)
    assert evaluation.overall_rating == 1
    assert evaluation.professionalism is None
    assert evaluation.no_show is False
    assert (evaluation.headline, evaluation.comment) == ("", "")


def test_anonymous_is_sent_to_login(app, client, scene):
    _, cleaner, cleaning = scene
    client.post("/auth/logout", {})
    for response in (client.get(url(cleaning)), client.post(url(cleaning), VALID)):
        assert response.status_code in (302, 303)
        location = urlsplit(response.headers["Location"])
        assert location.path == "/auth/login"
        assert parse_qs(location.query)["next"] == [url(cleaning)]
    assert_nothing_written(app, cleaning, cleaner)


def test_anonymous_htmx_gets_401_with_hx_redirect(client, scene):
    _, _, cleaning = scene
    client.post("/auth/logout", {})
    response = client.htmx("get", url(cleaning))
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/auth/login?next=")


@pytest.mark.parametrize("who", ["stranger", "cleaner"])
def test_non_owner_gets_403(app, make_client, scene, who):
    _, cleaner, cleaning = scene
    other = make_client()
    log_in(other, cleaner if who == "cleaner" else make_user(app, "stranger"))
    assert other.get(url(cleaning)).status_code == 403
    assert other.post(url(cleaning), VALID).status_code == 403
    assert_nothing_written(app, cleaning, cleaner)


def test_missing_job_is_404(client, scene):
    assert client.get("/cleanings/999999/evaluation").status_code == 404
    assert client.post("/cleanings/999999/evaluation", VALID).status_code == 404
    assert client.get("/cleanings/abc/evaluation").status_code == 404
    huge = "/cleanings/99999999999999999999/evaluation"
    assert client.get(huge).status_code == 404
    assert client.post(huge, VALID).status_code == 404


@pytest.mark.parametrize("status", [None, "pending", "rejected", "cancelled"])
def test_no_accepted_offer_is_400(app, client, status):
    owner = make_user(app, "owner")
    cleaning = make_cleaning(app, owner)
    if status:
        make_offer(app, cleaning, make_user(app), status)
    log_in(client, owner)
    page = client.get(url(cleaning))
    assert page.status_code == 400
    assert services.NO_ACCEPTED_OFFER in page.get_data(as_text=True)
    response = client.post(url(cleaning), VALID)
    assert response.status_code == 400
    assert services.NO_ACCEPTED_OFFER in response.get_data(as_text=True)
    assert evaluations(app) == []


def test_second_evaluation_is_400(app, client, scene):
    _, cleaner, cleaning = scene
    assert client.post(url(cleaning), VALID).status_code == 303
    again = client.post(url(cleaning), {**VALID, "overall_rating": "1"})
    assert again.status_code == 400
    assert services.ALREADY_EVALUATED in again.get_data(as_text=True)
    assert client.get(url(cleaning)).status_code == 400
    [evaluation] = evaluations(app)
    assert evaluation.overall_rating == 4
    assert activity_count(app) == 1


def test_race_on_the_primary_key_is_400_not_500(app, client, scene, monkeypatch):
    """Two submissions that both pass the checks: the second one's INSERT
    hits the primary key, which must read as "already evaluated"."""
    _, cleaner, cleaning = scene
    make_evaluation(app, cleaning, cleaner, overall_rating=2)
    with app.app_context():
        db.session.get(Offer, (cleaning.id, cleaner.id)).status = "accepted"
        db.session.commit()
    # Let the check run before the other submission's row "arrived".
    monkeypatch.setattr(services, "_evaluated", lambda offer: False)
    response = client.post(url(cleaning), VALID)
    assert response.status_code == 400
    assert services.ALREADY_EVALUATED in response.get_data(as_text=True)
    [evaluation] = evaluations(app)
    assert evaluation.overall_rating == 2
    assert offer_status(app, cleaning, cleaner) == "accepted"
    assert activity_count(app) == 0


BAD_RATINGS = ["0", "6", "-1", "abc", "3.5", " 3", "03", "", "9" * 40, "٣", "3\x00"]


@pytest.mark.parametrize("value", BAD_RATINGS)
def test_bad_overall_rating_is_422(app, client, scene, value):
    _, cleaner, cleaning = scene
    response = client.post(url(cleaning), {**VALID, "overall_rating": value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="field-msg is-error"' in html
    assert "from 1 to 5 stars" in html
    assert "Spotless kitchen" in html  # the other values are kept
    assert_nothing_written(app, cleaning, cleaner)


def test_missing_overall_rating_is_422(app, client, scene):
    _, cleaner, cleaning = scene
    data = {k: v for k, v in VALID.items() if k != "overall_rating"}
    response = client.post(url(cleaning), data)
    assert response.status_code == 422
    assert "Choose an overall rating" in response.get_data(as_text=True)
    assert_nothing_written(app, cleaning, cleaner)


@pytest.mark.parametrize("field", ["professionalism", "completeness", "efficiency"])
@pytest.mark.parametrize("value", ["0", "6", "abc", "3.5", "1e3", "9" * 30])
def test_bad_optional_rating_is_422(app, client, scene, field, value):
    _, cleaner, cleaning = scene
    response = client.post(url(cleaning), {**VALID, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-msg" class="field-msg is-error"' in html
    assert_nothing_written(app, cleaning, cleaner)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "x" * 121),
        ("headline", "bad\x00byte"),
        ("headline", "two\nlines"),
        ("comment", "x" * 4001),
        ("comment", "bell\x07"),
    ],
)
def test_bad_text_is_422(app, client, scene, field, value):
    _, cleaner, cleaning = scene
    response = client.post(url(cleaning), {**VALID, field: value})
    assert response.status_code == 422
    assert f'id="{field}-msg" class="field-msg is-error"' in response.get_data(
        as_text=True
    )
    assert_nothing_written(app, cleaning, cleaner)


def test_longest_text_is_accepted(app, client, scene):
    _, _, cleaning = scene
    data = {**VALID, "headline": "h" * 120, "comment": "c\t" * 2000}
    assert "h" * 120 in followed(client, client.post(url(cleaning), data))
    [evaluation] = evaluations(app)
    assert len(evaluation.headline) == 120


def test_submitted_values_are_kept_on_error(client, scene):
    _, _, cleaning = scene
    response = client.post(url(cleaning), {**VALID, "headline": "x" * 121})
    html = response.get_data(as_text=True)
    assert 'value="4" checked' in html
    assert 'id="professionalism-5" name="professionalism" value="5" checked' in html
    assert "Would book again." in html


def test_htmx_post_gets_the_form_fragment(client, scene):
    _, _, cleaning = scene
    response = client.htmx("post", url(cleaning), {**VALID, "overall_rating": "9"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="evaluation-form"' in html and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_post_without_csrf_is_400(app, client, scene):
    _, cleaner, cleaning = scene
    response = client.post(url(cleaning), VALID, csrf=False)
    assert response.status_code == 400
    assert_nothing_written(app, cleaning, cleaner)


def test_service_refuses_a_non_owner(app, scene):
    _, cleaner, cleaning = scene
    with app.app_context(), pytest.raises(Forbidden):
        services.evaluate(cleaning, cleaner, services.EvaluationInput(overall_rating=5))
