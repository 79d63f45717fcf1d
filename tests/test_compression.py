"""Text answers are gzipped for clients that accept it; tiny ones and
clients that don't get the plain body."""

import gzip

from cleaning_app import compression

from .builders import make_cleaning

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def fetched(client, url, headers):
    response = client.raw.get(url, headers=headers)
    data = response.get_data()
    response.close()
    return response, data


def test_pages_and_static_text_are_gzipped_when_accepted(client, job):
    for url in ("/", "/cleanings", f"/cleanings/{job.id}", "/static/css/phresh.css"):
        plain, plain_data = fetched(client, url, {})
        packed, packed_data = fetched(client, url, GZIP)
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed_data) == plain_data, url
        assert len(packed_data) < len(plain_data) / 2, url
        assert int(packed.headers["Content-Length"]) == len(packed_data), url
        for response in (plain, packed):
            assert "Accept-Encoding" in response.vary, url
            assert response.headers["Content-Security-Policy"], url


def test_an_htmx_fragment_and_an_error_page_are_gzipped_too(app, client, rita):
    for n in range(5):
        make_cleaning(app, rita, name=f"Kitchen deep clean {n}")
    fragment, data = fetched(client, "/cleanings", {"HX-Request": "true", **GZIP})
    assert fragment.headers["Content-Encoding"] == "gzip"
    assert "HX-Request" in fragment.vary
    assert b"<html" not in gzip.decompress(data)
    missing, data = fetched(client, "/no-such-page", GZIP)
    assert missing.status_code == 404
    assert missing.headers["Content-Encoding"] == "gzip"


def test_a_refused_encoding_or_a_tiny_body_is_sent_plain(client):
    refused, _ = fetched(client, "/", {"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    tiny, data = fetched(client, "/healthz", GZIP)
    assert data == b"ok"
    assert "Content-Encoding" not in tiny.headers
    assert "Accept-Encoding" not in tiny.vary


def test_a_static_files_304_still_works_once_gzipped(client):
    first, _ = fetched(client, "/static/js/phresh.js", GZIP)
    again, data = fetched(
        client, "/static/js/phresh.js", {"If-None-Match": first.headers["ETag"], **GZIP}
    )
    assert again.status_code == 304
    assert data == b""


def test_pieces_compressed_apart_make_one_gzip_stream():
    """A kept page's pieces, deflated once, and a request's filled holes in
    stored blocks (one over a stored block's 64 KiB) read back as the page."""
    texts = [b"<p>" + b"kept text " * 500, b"x" * 70_000, b"", b"</p>" * 300]
    packed = [compression.deflated(texts[0]), compression.stored(texts[1])]
    packed += [compression.stored(texts[2]), compression.deflated(texts[3])]
    stream = compression.gzip_of(list(zip(texts, packed, strict=True)))
    assert gzip.decompress(stream) == b"".join(texts)
