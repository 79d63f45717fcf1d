"""Static files: linked under content-hashed URLs that browsers keep for a
year; any other URL for them is still served, checked each time."""

import hashlib
import re

from cleaning_app import ROOT

from .builders import body

ASSET = re.compile(r'(?:href|src)="(/static/([^"?]+)\?v=([0-9a-f]+))"')
FOREVER = "public, max-age=31536000, immutable"


def fetched(client, url, **kwargs):
    response = client.raw.get(url, **kwargs)
    response.close()
    return response


def test_pages_link_each_asset_by_the_hash_of_its_content(client):
    assets = ASSET.findall(body(client.get("/")))
    assert {path for _, path, _ in assets} >= {"css/phresh.css", "js/phresh.js"}
    for _, path, version in assets:
        content = (ROOT / "static" / path).read_bytes()
        assert hashlib.sha256(content).hexdigest().startswith(version)


def test_a_hashed_url_is_cached_for_a_year_with_our_headers(client):
    for url, _, _ in ASSET.findall(body(client.get("/"))):
        response = fetched(client, url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == FOREVER
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_an_unhashed_or_stale_url_is_served_but_checked_each_time(client):
    for url in ("/static/css/phresh.css", "/static/css/phresh.css?v=0123456789ab"):
        response = fetched(client, url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["Content-Security-Policy"]


def test_a_missing_file_is_a_404_whatever_its_version(client):
    assert fetched(client, "/static/css/nothing.css?v=0123456789ab").status_code == 404
    assert fetched(client, "/static/../wsgi.py").status_code == 404
