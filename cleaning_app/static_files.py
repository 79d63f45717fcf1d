"""Static files under content-hashed URLs, cached for a year.

`url_for('static', filename=...)` adds `?v=<hash of the file's bytes>`, so
a changed file gets a new URL and a page never pairs new HTML with an old
stylesheet. A request whose `v` is the file's hash is answered as
`immutable`: browsers keep it and never ask again. Any other request (no
`v`, or one from before a deploy) is still served, with Flask's `no-cache`,
so it is checked each time. Hashes are computed once per process: a deploy
restarts the workers.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request
from werkzeug.security import safe_join

FOREVER = "public, max-age=31536000, immutable"
PARAM = "v"


@lru_cache(maxsize=256)
def content_hash(folder: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256; None when there is no
    such file (url_for still builds the URL, which then answers 404)."""
    path = safe_join(folder, filename)
    if path is None or not Path(path).is_file():
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def register_static_files(app: Flask) -> None:
    folder = app.static_folder

    @app.url_defaults
    def hashed_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and PARAM not in values:
            digest = content_hash(folder, values.get("filename", ""))
            if digest:
                values[PARAM] = digest

    @app.after_request
    def cache_hashed_files(response):
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        version = request.args.get(PARAM)
        if version and version == content_hash(folder, filename):
            response.headers["Cache-Control"] = FOREVER
        return response
