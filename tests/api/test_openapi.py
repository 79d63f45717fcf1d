"""The OpenAPI document, its reference page, CORS, and a schemathesis run
that checks every operation against what the document declares."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from ..builders import make_cleaning, make_offer, make_user
from .conftest import bearer

EXAMPLES_PER_OPERATION = 15


def test_the_document_describes_every_operation(api):
    document = api.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    operations = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
    }
    assert len(operations) == 22  # the 21 of the CONTRACT's table and the logout
    assert ("DELETE", "/api/users/login/token/") in operations
    assert ("GET", "/api/users/{username}/evaluations/stats/") in operations
    login = document["paths"]["/api/users/login/token/"]["post"]
    assert "application/x-www-form-urlencoded" in login["requestBody"]["content"]
    assert "UserPublic" in document["components"]["schemas"]


def test_the_reference_page_uses_only_our_own_files(api):
    page = api.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in html
    assert "/static/js/api-docs.js" in html
    assert "<script>" not in html and "https://" not in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    bundle = api.get("/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()


def test_cors_is_off_by_default(api):
    response = api.get("/api/openapi.json", headers={"Origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_origins_allows_the_named_origins_only(app, api, monkeypatch):
    monkeypatch.setitem(
        app.config, "CORS_ORIGINS", "https://app.example, https://m.example"
    )
    allowed = api.options(
        "/api/users/me/",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Authorization" in allowed.headers["Access-Control-Allow-Headers"]
    other = api.get("/api/users/me/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    page = api.get("/cleanings", headers={"Origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in page.headers


@pytest.fixture
def scene(app, rita, carlos):
    """Rows for the generated requests to find: job 1 with carlos's
    accepted offer, job 2 open with a pending one."""
    taken, open_job = make_cleaning(app, rita), make_cleaning(app, rita)
    make_offer(app, taken, carlos, status="accepted")
    make_offer(app, open_job, make_user(app, "dana"))


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_every_operation_answers_as_its_schema_declares(
    app, scene, token_of, rita, mode
):
    """Positive cases follow the schemas; negative ones break them (and must
    get a declared 4xx, never a 5xx)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    # The WSGI transport doesn't undo gzip (cleaning_app/compression.py).
    headers = {**bearer(token_of(rita)), "Accept-Encoding": "identity"}
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "DELETE" and operation.path.endswith("/token/"):
            continue  # would end the run's own token

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            # The same examples on every run: a failure here is never a fluke.
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_declared(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=checks)

        answers_as_declared()
        tried += 1
    assert tried == 21
