"""The JSON API's clients: a raw test client (no cookies matter to /api)
and real tokens got through the login endpoint."""

import pytest

from ..builders import PASSWORD


def login(api, login_name, password=PASSWORD):
    return api.post(
        "/api/users/login/token/", data={"username": login_name, "password": password}
    )


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(app):
    return app.test_client()


@pytest.fixture
def token_of(api):
    """A token for a user (a builder's User or a login name), got by HTTP."""

    def get(user) -> str:
        name = getattr(user, "username", user)
        response = login(api, name)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["access_token"]

    return get


@pytest.fixture
def as_user(api, token_of):
    """A client speaking for `user`: `as_user(rita).get(url)` etc."""

    class Speaker:
        def __init__(self, user):
            self.headers = bearer(token_of(user))

        def __getattr__(self, method):
            def call(url, **kwargs):
                headers = {**self.headers, **kwargs.pop("headers", {})}
                return getattr(api, method)(url, headers=headers, **kwargs)

            return call

    return Speaker
