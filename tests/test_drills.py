"""The drills' harness (drills/, `make drills`): the parts that need no
running server, so `make test` notices when the pages change under it."""

import math
import threading
import uuid

import pytest

from drills.browser import Browser
from drills.harness import (
    Record,
    Recorder,
    find_form,
    forms_on,
    percentile,
    postgres_seconds,
)
from drills.users import ACCEPT_CONFIRM

from .builders import make_offer

PAGE = """
<form method="get" action="/cleanings"><input name="q"></form>
<form class="x" action="/cleanings/7/offers?from=page" method="POST">
  <input value="tok&amp;en" name="csrf_token" type="hidden">
  <input type="HIDDEN" name="submission_key" value="k-1">
  <input type="hidden" value="nameless">
  <textarea name="message"></textarea>
</form>
<form method="post"><input type="hidden" name="csrf_token" value="t2"></form>
"""


def test_forms_carry_their_hidden_fields_whatever_the_attribute_order():
    forms = forms_on(PAGE, "/cleanings/7")
    offer = find_form(forms, "/cleanings/7/offers")
    assert offer.hidden == {"csrf_token": "tok&en", "submission_key": "k-1"}
    # No action: it posts to the page it is on.
    assert find_form(forms, "/cleanings/7").hidden == {"csrf_token": "t2"}
    assert find_form(forms, "/cleanings", "get").hidden == {}
    assert find_form(forms, "/cleanings") is None  # that one is a GET


def test_the_register_page_gives_a_csrf_token_and_a_submission_key(client):
    page = client.get("/auth/register").get_data(as_text=True)
    form = find_form(forms_on(page, "/auth/register"), "/auth/register")
    assert form.hidden["csrf_token"]
    assert uuid.UUID(form.hidden["submission_key"]).version == 4


def test_the_accept_step_finds_its_way_through_the_pages(app, owner, job, carlos):
    """The drill's accept: the job page's GET form to the confirmation,
    then the confirmation's POST form, with its hidden fields only."""
    make_offer(app, job, carlos)
    path = f"/cleanings/{job.id}"
    forms = forms_on(owner.get(path).get_data(as_text=True), path)
    asks = [
        f.action for f in forms if f.method == "get" and ACCEPT_CONFIRM.match(f.action)
    ]
    assert asks == [f"/cleanings/{job.id}/offers/carlos/accept/confirm"]
    confirm = owner.get(asks[0]).get_data(as_text=True)
    accept = find_form(forms_on(confirm, asks[0]), asks[0].removesuffix("/confirm"))
    response = owner.raw.post(accept.action, data=accept.hidden)
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("share", "expected"), [(0.5, 50), (0.99, 99), (1.0, 100), (0.001, 1)]
)
def test_percentiles_are_nearest_rank(share, expected):
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert percentile(values, share) == expected


def test_percentiles_of_few_or_no_values():
    assert percentile([0.25], 0.99) == 0.25
    assert percentile([3.0, 1.0], 0.5) == 1.0
    assert math.isnan(percentile([], 0.5))


@pytest.mark.parametrize(
    ("shown", "seconds"),
    [("5s", 5), ("500ms", 0.5), ("1min", 60), ("0", 0), ("250", 0.25), ("2h", 7200)],
)
def test_postgres_durations(shown, seconds):
    assert postgres_seconds(shown) == pytest.approx(seconds)


@pytest.mark.parametrize("shown", ["", "5 parsecs", "ms"])
def test_postgres_durations_refuse_what_they_cannot_read(shown):
    with pytest.raises(ValueError):
        postgres_seconds(shown)


def test_a_failure_is_no_answer_or_a_server_error():
    assert Record("browse", 0, 1, None, "ConnectionResetError").failed
    assert Record("browse", 0, 1, 503).failed
    assert not Record("offer", 0, 1, 400).failed
    assert Record("browse", 1.0, 2.0, 200).in_flight_at(1.5)
    assert not Record("browse", 1.0, 2.0, 200).in_flight_at(2.0)


def test_the_recorder_selects_by_start_time():
    recorder = Recorder()
    for started in (1.0, 2.0, 3.0):
        recorder.add(Record("browse", started, started + 5, 200))
    assert [r.started for r in recorder.between(2.0, 3.0)] == [2.0]
    assert [r.started for r in recorder.between(2.0)] == [2.0, 3.0]


def test_the_browser_keeps_and_forgets_cookies_as_told():
    browser = Browser(1, Recorder(), threading.Event())
    browser._keep_cookies(["session=abc.def; HttpOnly; Path=/; SameSite=Lax"])
    browser._keep_cookies(["remember_token=7|f00; Max-Age=2592000; Path=/"])
    assert browser.cookies == {"session": "abc.def", "remember_token": "7|f00"}
    browser._keep_cookies(
        ["remember_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"]
    )
    assert browser.cookies == {"session": "abc.def"}
