"""The token login shares the pages' login allowance: failed attempts on
either door count against the same account (tests/test_rate_limit.py sets
up the app with limits on)."""

import pytest

from ..builders import PASSWORD
from ..conftest import Client
from ..test_rate_limit import limits_on
from .conftest import login


@pytest.fixture
def limited_app(app, database_url):
    with limits_on(database_url) as limited:
        yield limited


def test_failed_page_logins_and_api_logins_share_one_allowance(limited_app, rita):
    browser = Client(limited_app.test_client())
    api = limited_app.test_client()
    for _ in range(5):
        wrong = browser.post("/auth/login", {"login": "rita", "password": "wrong one"})
        assert wrong.status_code == 401
    for _ in range(5):
        assert login(api, "rita@example.com", "wrong one").status_code == 401
    limited = login(api, "rita", PASSWORD)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"].isdigit()
    assert limited.get_json() == {"detail": "Too Many Requests"}
    page = browser.post("/auth/login", {"login": "rita", "password": PASSWORD})
    assert page.status_code == 429
