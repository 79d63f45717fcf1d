"""Reading the outbox folder that cleaning_app/mail.py writes .eml files
to. Everything here is the emails' own text, user-chosen in part: the
templates escape it, and links are split out, never marked safe."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

# mail._write_outbox's names: nanoseconds, a dash, eight hex digits.
NAME = re.compile(r"(\d{1,20})-[0-9a-f]{8}\.eml")
# http(s) links up to whitespace or a closing bracket or quote.
LINK = re.compile(r"https?://[^\s<>\"')\]]+")
MOST = 200


@dataclass(frozen=True)
class Email:
    name: str
    sent_at: datetime
    to: str
    subject: str


def _read(path: Path) -> EmailMessage:
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def _sent_at(name: str) -> datetime:
    nanoseconds = int(NAME.fullmatch(name).group(1))
    return datetime.fromtimestamp(nanoseconds / 1e9, UTC)


def newest(folder: Path, most: int = MOST) -> list[Email]:
    """The newest `most` emails, newest first."""
    if not folder.is_dir():
        return []
    names = sorted(
        (p.name for p in folder.iterdir() if NAME.fullmatch(p.name)),
        key=lambda name: int(name.split("-")[0]),
        reverse=True,
    )[:most]
    emails = []
    for name in names:
        message = _read(folder / name)
        emails.append(
            Email(name, _sent_at(name), str(message["To"]), str(message["Subject"]))
        )
    return emails


def one(folder: Path, name: str) -> tuple[Email, list[tuple[str, bool]]] | None:
    """The email and its body as (text, is_link) parts; None for a name
    that is not an outbox file's (no path ever leaves the folder)."""
    path = folder / name
    if not NAME.fullmatch(name) or not path.is_file():
        return None
    message = _read(path)
    body = message.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    email = Email(name, _sent_at(name), str(message["To"]), str(message["Subject"]))
    return email, split_links(text)


def split_links(text: str) -> list[tuple[str, bool]]:
    parts, start = [], 0
    for match in LINK.finditer(text):
        parts.append((text[start : match.start()], False))
        parts.append((match.group(), True))
        start = match.end()
    parts.append((text[start:], False))
    return [part for part in parts if part[0]]
