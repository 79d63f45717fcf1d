"""User administration. Services change the session's objects; the view commits."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select

from ..auth.sessions import end_all_logins
from ..extensions import db
from ..models import User
from ..rules import Refused

PER_PAGE = 25
DEACTIVATE_SELF = "You can't deactivate your own account."


def search_users(q: str, page: int) -> Pagination:
    """Users whose username or email contains `q`, newest first: one query
    for the page and one for the total."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if q:
        query = query.where(
            or_(
                User.username.icontains(q, autoescape=True),
                User.email.icontains(q, autoescape=True),
            )
        )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def deactivate(user: User, acting: User) -> None:
    """The account can't log in, and every cookie it holds stops working.
    Its jobs leave the listing because the listing shows active owners only."""
    if user.id == acting.id:
        raise Refused(DEACTIVATE_SELF)
    user.is_active = False
    end_all_logins(user)


def activate(user: User) -> None:
    user.is_active = True
