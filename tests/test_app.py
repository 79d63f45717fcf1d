"""Application-wide promises: probes, headers, error pages, limits, config."""

import pytest

from cleaning_app import create_app
from cleaning_app.config import ConfigError

from .builders import log_in, make_user
from .conftest import make_app


def test_healthz_answers_ok_without_the_database(database_url, app):
    broken = make_app("postgresql://nobody@/nowhere?host=/nonexistent")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_readyz_is_200_when_the_database_answers(client):
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_database_is_gone(app):
    broken = make_app("postgresql://nobody@/nowhere?host=/nonexistent")
    assert broken.test_client().get("/readyz").status_code == 503


@pytest.mark.parametrize(
    "path", ["/", "/auth/login", "/no/such/page", "/static/css/phresh.css", "/healthz"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    response.close()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)
    assert "<nav" in response.get_data(as_text=True)


def test_htmx_gets_the_error_as_a_fragment(client):
    response = client.htmx("get", "/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "find that page" in page and "<nav" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_wrong_method_is_405_with_allow(client):
    response = client.raw.delete("/auth/login")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_body_over_one_mebibyte_is_413(client):
    response = client.post("/auth/login", {"login": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413


def test_non_integer_id_is_404(client):
    assert client.get("/cleanings/abc").status_code == 404


def test_unexpected_error_is_a_friendly_500(app, client, monkeypatch):
    from cleaning_app.main import views

    def explode():
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", lambda *a, **k: explode())
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)


def test_page_configures_htmx_and_csrf_once(client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="htmx-config"' in page
    assert '"code": "422", "swap": true' in page
    assert '"allowEval": false' in page
    # An anonymous page mints no token (test_anonymous_pages.py); a
    # logged-in one gives htmx's requests one.
    assert "X-CSRFToken" not in page
    assert "/static/vendor/htmx-2.0.11.min.js" in page
    assert "<script>" not in page
    log_in(client, make_user(client.raw.application, "rita"))
    page = client.get("/").get_data(as_text=True)
    assert page.count('hx-headers=\'{"X-CSRFToken":') == 1


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PHRESH_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError):
        create_app()


def test_production_uses_secure_cookies_and_hsts(monkeypatch, database_url):
    monkeypatch.setenv("PHRESH_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", database_url)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_flask_prefixed_environment_overrides(monkeypatch):
    monkeypatch.setenv("FLASK_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("FLASK_MAX_CONTENT_LENGTH", "2048")
    app = create_app()
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
