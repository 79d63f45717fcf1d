"""Rate limits cost only where they are declared: Flask-Limiter's lookup
on every request runs only when application-wide limits are set. The
declared limits themselves: test_rate_limit.py."""

from contextlib import contextmanager

from cleaning_app.extensions import limiter
from tests.conftest import make_app
from tests.test_rate_limit import limits_on


@contextmanager
def default_limits(database_url, limit):
    """An app with `limit` on every route; Flask-Limiter keeps it on its one
    `limiter` object, so it is taken off again afterwards."""
    was_enabled = limiter.enabled
    try:
        limited = make_app(
            database_url, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT=limit
        )
        limiter.reset()
        yield limited
    finally:
        limiter.limit_manager.set_default_limits([])
        limiter.reset()
        limiter.enabled = was_enabled


def test_without_application_wide_limits_no_request_looks_them_up(database_url):
    with limits_on(database_url) as limited:
        hooks = limited.before_request_funcs[None]
        assert limiter._check_request_limit not in hooks
        client = limited.test_client()
        assert [client.get("/healthz").status_code for _ in range(3)] == [200] * 3


def test_application_wide_limits_still_apply_to_every_route(database_url):
    with default_limits(database_url, "2 per minute") as limited:
        client = limited.test_client()
        codes = [client.get("/healthz").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
