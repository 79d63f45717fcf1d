"""gzip for text answers, when the client accepts it.

A page shrinks to about a quarter (17.6 KB of listing HTML to 4.3 KB).
Level 1 costs about 0.1 ms a page on our machine; level 6 costs two and a
half times that for 5% fewer bytes (figures in the commit). A body that
has an ETag (a static file, a page from pagecache.py) is compressed once
per process and kept, at the best level, since it is served again as is.
Bodies under MIN_SIZE stay as they are: gzip saves them nothing.
"""

import gzip
import struct
import zlib

from flask import Flask, current_app, request

MIN_SIZE = 1024
TYPES = {
    "text/html",
    "text/css",
    "text/javascript",
    "text/plain",
    "application/javascript",
    "application/json",
    "image/svg+xml",
}
KEPT_LEVEL = 9
KEEP = 256  # compressed bodies kept, by ETag; emptied when full

_kept: dict[tuple, bytes] = {}


def _kept_gzip(key: tuple, data: bytes) -> bytes:
    body = _kept.get(key)
    if body is None:
        if len(_kept) >= KEEP:
            _kept.clear()
        body = _kept[key] = _gzip(data, KEPT_LEVEL)
    return body


def compressible(response) -> bool:
    return (
        response.status_code >= 200
        and response.status_code not in (204, 206, 304)
        and response.mimetype in TYPES
        and "Content-Encoding" not in response.headers
        and (response.direct_passthrough or not response.is_streamed)
    )


def compress(response):
    if not compressible(response):
        return response
    response.direct_passthrough = False  # a static file: read it here
    data = response.get_data()
    if not wants_gzip(len(data), response):
        return response
    etag, _ = response.get_etag()
    if etag:
        key = (etag, len(data))
        body = _kept_gzip(key, data)
        # Other bytes than the plain body's, the same content.
        response.set_etag(etag, weak=True)
    else:
        body = _gzip(data, current_app.config["COMPRESS_LEVEL"])
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    return response


def _gzip(data: bytes, level: int) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)


# A page kept with holes (readerpages.py) is compressed once, piece by
# piece, and each answer is put together from those pieces and its filled
# holes, which go in stored (uncompressed) blocks: one gzip stream, without
# compressing the whole page again for each request. Each piece is raw
# deflate ending on a byte boundary (a sync flush), so blocks of any kind
# may follow it; no piece refers back into another.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, mtime 0
_LAST_BLOCK = b"\x03\x00"  # an empty final block
_STORED_MAX = 0xFFFF


def gzip_size(data: bytes) -> int:
    """About what compress() sends for `data`."""
    return len(_gzip(data, current_app.config["COMPRESS_LEVEL"]))


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(KEPT_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


def stored(data: bytes) -> bytes:
    blocks = []
    for start in range(0, len(data), _STORED_MAX):
        chunk = data[start : start + _STORED_MAX]
        size = len(chunk)
        blocks.append(b"\x00" + struct.pack("<HH", size, size ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def gzip_of(pieces: list[tuple[bytes, bytes]]) -> bytes:
    """One gzip stream of `pieces`, each (its bytes, them as deflated()
    or stored())."""
    crc, size = 0, 0
    for plain, _ in pieces:
        crc, size = zlib.crc32(plain, crc), size + len(plain)
    tail = struct.pack("<II", crc, size & 0xFFFFFFFF)
    packed = [packed for _, packed in pieces]
    return b"".join([_GZIP_HEADER, *packed, _LAST_BLOCK, tail])


def wants_gzip(size: int, response) -> bool:
    """Whether to send `response`'s `size` bytes gzipped; says that the
    answer varies with Accept-Encoding when it could be."""
    if size < MIN_SIZE or response.mimetype not in TYPES:
        return False
    response.vary.add("Accept-Encoding")
    return bool(request.accept_encodings["gzip"])


def register_compression(app: Flask) -> None:
    app.config.setdefault("COMPRESS_LEVEL", 1)
    app.after_request(compress)
