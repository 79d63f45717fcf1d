"""Cleaning jobs through the API: the CONTRACT's rows and the deliberate
differences from the original (4xx where it answered 500)."""

from ..builders import all_cleanings, make_cleaning, make_evaluation, make_offer

NEW = {"name": "Two-bedroom flat", "price": 25.5, "description": "Keys at the desk"}


def test_create_answers_201_with_the_owner_id(as_user, app, rita):
    response = as_user(rita).post("/api/cleanings/", json={"new_cleaning": NEW})
    assert response.status_code == 201
    job = response.get_json()
    assert job["owner"] == rita.id and job["price"] == 25.5
    assert job["cleaning_type"] == "spot_clean" and job["name"] == NEW["name"]
    assert job["created_at"] == job["updated_at"]
    assert "." in job["created_at"] and job["created_at"].endswith("+00:00")
    assert [c.id for c in all_cleanings(app)] == [job["id"]]


def test_invalid_jobs_are_422_and_write_nothing(as_user, app, rita):
    speaker = as_user(rita)
    cases = [
        ({"price": 5}, "name"),
        ({"name": "x", "price": 0}, "price"),
        ({"name": "x", "price": 1.234}, "price"),
        ({"name": "x", "price": 100000}, "price"),
        ({"name": "x", "price": "abc"}, "price"),
        ({"name": "x", "price": 5, "cleaning_type": "mop"}, "cleaning_type"),
        # The original answered these with a 500.
        ({"name": "x", "price": 5, "cleaning_type": None}, "cleaning_type"),
        ({"name": "a\x00b", "price": 5}, "name"),
        ({"name": "x" * 121, "price": 5}, "name"),
    ]
    for new, field in cases:
        response = speaker.post("/api/cleanings/", json={"new_cleaning": new})
        assert response.status_code == 422, new
        assert response.get_json()["detail"][0]["loc"] == [
            "body",
            "new_cleaning",
            field,
        ]
    assert all_cleanings(app) == []


def test_list_shows_only_the_callers_jobs(as_user, app, rita, carlos):
    mine = make_cleaning(app, rita)
    make_cleaning(app, carlos)
    jobs = as_user(rita).get("/api/cleanings/").get_json()
    assert [(j["id"], j["owner"]) for j in jobs] == [(mine.id, rita.id)]


def test_one_job_has_the_owners_public_user_object(as_user, app, rita, carlos):
    job = make_cleaning(app, rita)
    answer = as_user(carlos).get(f"/api/cleanings/{job.id}/").get_json()
    assert answer["owner"]["id"] == rita.id and answer["owner"]["username"] == "rita"
    assert answer["owner"]["email"] is None  # not the caller's own
    assert answer["owner"]["profile"]["phone_number"] is None
    own = as_user(rita).get(f"/api/cleanings/{job.id}/").get_json()
    assert own["owner"]["email"] == "rita@example.com"


def test_missing_and_malformed_ids(as_user, rita):
    speaker = as_user(rita)
    for cleaning_id in (999, 2**40):
        response = speaker.get(f"/api/cleanings/{cleaning_id}/")
        assert response.status_code == 404
        assert response.get_json() == {"detail": "No cleaning found with that id."}
    for bad in ("abc", "0", "-1"):
        response = speaker.get(f"/api/cleanings/{bad}/")
        assert response.status_code == 422, bad
        assert response.get_json()["detail"][0]["loc"] == ["path", "cleaning_id"]


def test_update_is_partial_and_ignores_the_owner_key(as_user, app, rita, carlos):
    job = make_cleaning(app, rita, price=10)
    change = {"cleaning_update": {"price": 30, "owner": carlos.id}}
    response = as_user(rita).put(f"/api/cleanings/{job.id}/", json=change)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["price"] == 30 and answer["owner"] == rita.id
    assert answer["name"] == job.name


def test_update_refusals(as_user, app, rita, carlos):
    job = make_cleaning(app, rita)
    url = f"/api/cleanings/{job.id}/"
    other = as_user(carlos).put(url, json={"cleaning_update": {"price": "bad"}})
    assert other.status_code == 403  # permission before body validation
    assert other.get_json() == {
        "detail": "Users are only able to modify cleanings that they created."
    }
    speaker = as_user(rita)
    null_type = speaker.put(url, json={"cleaning_update": {"cleaning_type": None}})
    assert null_type.status_code == 400
    assert null_type.get_json() == {"detail": "Invalid cleaning type. Cannot be None."}
    for field in ("name", "price"):  # the original's 500s
        response = speaker.put(url, json={"cleaning_update": {field: None}})
        assert response.status_code == 422
        assert response.get_json()["detail"][0]["loc"] == [
            "body",
            "cleaning_update",
            field,
        ]
    missing = speaker.put("/api/cleanings/999/", json={"cleaning_update": {}})
    assert missing.status_code == 404


def test_delete_answers_the_id_and_refuses_taken_jobs(as_user, app, rita, carlos):
    job, taken, rated = (make_cleaning(app, rita) for _ in range(3))
    make_offer(app, taken, carlos, status="accepted")
    make_offer(app, rated, carlos, status="completed")
    make_evaluation(app, rated, carlos)
    speaker = as_user(rita)
    assert as_user(carlos).delete(f"/api/cleanings/{job.id}/").status_code == 403
    response = speaker.delete(f"/api/cleanings/{job.id}/")
    assert response.status_code == 200 and response.get_json() == job.id
    for kept in (taken, rated):  # rated: the original's 500
        response = speaker.delete(f"/api/cleanings/{kept.id}/")
        assert response.status_code == 400
    assert sorted(c.id for c in all_cleanings(app)) == [taken.id, rated.id]
