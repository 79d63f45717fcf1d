"""Avatars without inline styles: initials on one of a fixed set of
colours, chosen by a stable hash of the username (CSP forbids style="")."""

import zlib

PALETTE_SIZE = 8


def initials(username: str, full_name: str = "") -> str:
    words = full_name.split()
    if words:
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    else:
        letters = username[:2]
    return letters.upper()


def colour_class(username: str) -> str:
    # crc32, not hash(): Python salts str hashes per process.
    return f"avatar-c{zlib.crc32(username.lower().encode()) % PALETTE_SIZE}"
