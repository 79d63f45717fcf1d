"""Where a user may be sent after logging in: only our own relative paths."""

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    # Browsers read "\" as "/", so "/\evil.example" would leave the site.
    if "\\" in target or not target.isprintable():
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def safe_referrer(referrer: str | None, host: str, default: str) -> str:
    """The page a form was posted from, when it is one of ours."""
    if not referrer:
        return default
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != host:
        return default
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return safe_next(path, default)
