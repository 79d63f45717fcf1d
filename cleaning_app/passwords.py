"""Password hashing (argon2id) and the rules a new password must meet."""

import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
MAX_SIMILARITY = 0.7
MIN_LENGTH, MAX_LENGTH = 8, 128


@cache
def _hasher(memory_kib: int, time_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism
    )


def hasher() -> PasswordHasher:
    c = current_app.config
    return _hasher(
        c["ARGON2_MEMORY_KIB"], c["ARGON2_TIME_COST"], c["ARGON2_PARALLELISM"]
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return hasher().check_needs_rehash(stored_hash)


@cache
def _dummy_hash() -> str:
    return hasher().hash("not the password of anyone at all")


def burn_equal_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown login costs as much as a
    wrong password and response times don't reveal which accounts exist."""
    verify_password(_dummy_hash(), password)


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS.read_text().split())


def _too_similar(password: str, value: str) -> bool:
    value = value.lower()
    if not value:
        return False
    # Short fragments such as "com" would turn down innocent passwords.
    parts = {p for p in (value, *re.split(r"[\W_]+", value)) if len(p) >= 4}
    for part in parts:
        if part in password or password in part:
            return True
        if SequenceMatcher(a=password, b=part).ratio() >= MAX_SIMILARITY:
            return True
    return False


def password_problem(password: str, username: str = "", email: str = "") -> str | None:
    """The first rule the password breaks, as a message, or None."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"Password must be between {MIN_LENGTH} and {MAX_LENGTH} characters."
    if not password.isprintable():
        return "Password can't contain control characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "That password is too common. Please choose a less guessable one."
    for label, value in (("username", username), ("email", email)):
        if _too_similar(lowered, value):
            return f"That password is too similar to your {label}."
    return None
