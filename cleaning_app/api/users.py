"""Users, their login tokens and profiles."""

from flask import Response, g

from .. import ratelimits as limits
from ..auth import bearer, services
from ..extensions import db, limiter
from ..models import User
from ..profiles.services import ProfileInput, update_profile
from . import schemas as s
from .core import ApiError, Body, operation
from .present import Viewer, profile_public, user_public

BAD_LOGIN = "Authentication was unsuccessful."
NO_PROFILE = "No profile found with that username."


@operation(
    "POST",
    "/users/",
    status=201,
    response=s.UserPublic,
    auth=False,
    body=Body(s.UserCreate, "new_user"),
    errors=(400, 422),
    tag="users",
)
def register(body):
    """Sign up; the answer carries a token."""
    new = body()
    user = services.register(new.email, new.username, new.password)
    db.session.flush()
    token = bearer.issue(user)
    db.session.commit()
    return user_public(user, Viewer(user), token)


@operation(
    "POST",
    "/users/login/token/",
    response=s.AccessToken,
    auth=False,
    body=Body(s.LoginForm, form=True),
    errors=(401, 422, 429),
    tag="users",
)
@limiter.shared_limit(limits.PER_ADDRESS, scope="login-address")
@limiter.shared_limit(
    limits.PER_ACCOUNT,
    scope="login-account",
    key_func=limits.address_and("username", services.account_id),
    deduct_when=limits.failed,
)
def log_in(body):
    """Log in with a username or email (form fields `username`, `password`)."""
    form = body()
    user = services.authenticate(form.username.strip(), form.password)
    if user is None:
        raise ApiError(401, BAD_LOGIN, {"WWW-Authenticate": "Bearer"})
    token = bearer.issue(user)
    db.session.commit()
    return s.AccessToken(access_token=token)


@operation("DELETE", "/users/login/token/", status=204, errors=(401,), tag="users")
def log_out(user: User):
    """Revoke the token this request carries."""
    bearer.revoke(g.api_token)
    db.session.commit()
    return Response(status=204)


@operation("GET", "/users/me/", response=s.UserPublic, errors=(401,), tag="users")
def me(user: User):
    """The caller, with their profile."""
    return user_public(user, Viewer(user))


@operation(
    "GET",
    "/profiles/{username}/",
    response=s.ProfilePublic,
    errors=(401, 404, 422),
    tag="profiles",
)
def profile(user: User, username: str):
    """A user's profile, found by username (ignoring case)."""
    found = services.find_by_username(username, with_profile=True)
    if found is None or found.profile is None:
        raise ApiError(404, NO_PROFILE)
    return profile_public(found.profile, found, Viewer.of(user, {found.id}))


@operation(
    "PUT",
    "/profiles/me/",
    response=s.ProfilePublic,
    body=Body(s.ProfileUpdate, "profile_update"),
    errors=(401, 422),
    tag="profiles",
)
def update_own_profile(user: User, body):
    """Change the given fields; `null` clears one."""
    change = body()
    current = user.profile
    values = {
        name: getattr(current, name) if current else ""
        for name in ProfileInput.__dataclass_fields__
    }
    values.update(
        {k: v or "" for k, v in change.model_dump(exclude_unset=True).items()}
    )
    profile = update_profile(user, ProfileInput(**values))
    db.session.commit()
    return profile_public(profile, user, Viewer(user))
