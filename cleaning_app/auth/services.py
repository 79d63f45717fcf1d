"""Account use cases. Services change the session's objects; the view commits."""

import re

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Profile, Role, User
from ..passwords import burn_equal_time, hash_password, needs_rehash, verify_password
from ..prepared import prepared
from ..rules import Refused, refused_as

EMAIL_TAKEN = (
    "That email is already taken. Login with that email or register with another one."
)
USERNAME_TAKEN = "That username is already taken. Please try another one."
# Looser than the registration rule (3-32), never stricter: it only spares
# the database strings that can't be anyone's username.
MAY_BE_USERNAME = re.compile(r"[A-Za-z0-9_-]{1,32}")


def email_taken(email: str) -> bool:
    return _exists(func.lower(User.email) == email.lower())


def username_taken(username: str) -> bool:
    return _exists(func.lower(User.username) == username.lower())


def _exists(condition) -> bool:
    return bool(db.session.scalar(select(select(User.id).where(condition).exists())))


def check_available(email: str, username: str) -> None:
    """Refuse the first clash, under its field; email is checked before
    username."""
    if email_taken(email):
        raise Refused(EMAIL_TAKEN, field="email")
    if username_taken(username):
        raise Refused(USERNAME_TAKEN, field="username")


def register(email: str, username: str, password: str, role: Role = Role.hire) -> User:
    """Create the user and an empty profile. A race with an identical
    registration surfaces as the database's unique index, refused alike."""
    check_available(email, username)
    user = User(
        email=email, username=username, password=hash_password(password), role=role
    )
    user.profile = Profile()
    email_clash = Refused(EMAIL_TAKEN, field="email")
    with refused_as(
        Refused(USERNAME_TAKEN, field="username"),
        constraints={"uq_users_lower_email": email_clash},
    ):
        db.session.add(user)
    return user


# Built once: profile pages look a user up on every view, and building the
# statement and its cache key anew cost more CPU than the query.
_BY_USERNAME = select(User).where(func.lower(User.username) == bindparam("username"))
_BY_USERNAME_WITH_PROFILE = _BY_USERNAME.options(
    joinedload(User.profile), joinedload(User.cleaner_profile)
)


def find_by_username(username: str, with_profile: bool = False) -> User | None:
    """Usernames are unique ignoring case, so a link in any case works. A
    string that can't be a username (a NUL byte would even upset the
    database driver) finds nobody without asking. `with_profile` loads the
    profile and the cleaner profile in the same query, for a profile page."""
    if not MAY_BE_USERNAME.fullmatch(username):
        return None
    statement = _BY_USERNAME_WITH_PROFILE if with_profile else _BY_USERNAME
    return db.session.scalar(statement, {"username": username.lower()})


def _by_login(what) -> dict[bool, object]:
    """`what` of the account a login name (bind `login`, lowercased) names,
    by whether the name is an email. Built once and prepared: every login
    attempt runs one, and with rate limits on, its key another."""
    return {
        is_email: prepared(select(what).where(func.lower(column) == bindparam("login")))
        for is_email, column in ((True, User.email), (False, User.username))
    }


_ACCOUNT, _ACCOUNT_ID = _by_login(User), _by_login(User.id)


def find_by_login(login: str) -> User | None:
    return db.session.scalar(_ACCOUNT["@" in login], {"login": login.lower()})


def account_id(login: str) -> int | None:
    """The id of the account a login name names, for the login's rate limit."""
    return db.session.scalar(_ACCOUNT_ID["@" in login], {"login": login.lower()})


def authenticate(login: str, password: str) -> User | None:
    """The user when the credentials are right and the account active.
    Unknown users cost a hash too, so timing reveals nothing."""
    user = find_by_login(login)
    if user is None:
        burn_equal_time(password)
        return None
    if not verify_password(user.password, password) or not user.is_active:
        return None
    if needs_rehash(user.password):
        user.password = hash_password(password)
    return user


def find_by_email(email: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.email) == email.lower())
    )


def password_matches(user: User, password: str) -> bool:
    return verify_password(user.password, password)


def set_password(user: User, password: str) -> None:
    """Store the new hash. The caller ends the sessions that should end;
    the new hash also voids every reset link made before it."""
    user.password = hash_password(password)


def mark_email_verified(user: User) -> None:
    user.email_verified = True
