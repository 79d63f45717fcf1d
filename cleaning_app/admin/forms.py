from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length, Optional

from ..validators import PlainText, WholeNumberField


class UserSearchForm(FlaskForm):
    """The GET filters of the user list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        validators=[Optional(), PlainText(), Length(max=320)],
        description="Part of a username or email address.",
    )
    page = WholeNumberField(
        "Page",
        validators=[Optional()],
        default=1,
        minimum=1,
        maximum=100_000,
        message="Pick a page from 1 to 100000.",
    )
