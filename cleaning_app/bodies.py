"""One size limit for request bodies, however they are framed.

Werkzeug refuses a body whose Content-Length is over MAX_CONTENT_LENGTH
before reading it. A body sent with `Transfer-Encoding: chunked` has no
length: Werkzeug reads it (when the server says it ends the stream, as
gunicorn does with `wsgi.input_terminated`) through a stream that stops
quietly at the limit, so a 3 MiB form arrived cut at 1 MiB and was handled
as if it were whole. Here such a body is read first, at most one byte past
the limit, and handed on with the Content-Length it turned out to have, so
Werkzeug's own check applies to it too.
"""

import io

from flask import Flask, abort, request
from werkzeug.http import parse_set_header

READ_SIZE = 64 * 1024


class ChunkedBodyLimit:
    """WSGI middleware: a chunked body becomes a body with a length."""

    def __init__(self, wsgi_app, config):
        self.wsgi_app = wsgi_app
        self.config = config  # read per request: tests change it

    def __call__(self, environ, start_response):
        limit = self.config.get("MAX_CONTENT_LENGTH")
        # Without wsgi.input_terminated the server can't say where a chunked
        # body ends, and Werkzeug reads none of it (an empty form).
        if (
            limit is not None
            and _is_chunked(environ)
            and environ.get("wsgi.input_terminated")
        ):
            body = _read_at_most(environ["wsgi.input"], limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            # The body is no longer chunked, and Werkzeug ignores a
            # Content-Length that comes with a Transfer-Encoding.
            del environ["HTTP_TRANSFER_ENCODING"]
        return self.wsgi_app(environ, start_response)


def _is_chunked(environ) -> bool:
    return "chunked" in parse_set_header(environ.get("HTTP_TRANSFER_ENCODING"))


def _read_at_most(stream, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining > 0:
        chunk = stream.read(min(remaining, READ_SIZE))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def refuse_oversized_body():
    """413 as soon as a body is known to be too big, even on a page that
    would never read it."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def register_body_limit(app: Flask) -> None:
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app.config)
    app.before_request(refuse_oversized_body)
