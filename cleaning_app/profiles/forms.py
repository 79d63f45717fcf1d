import re
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import URLField
from wtforms.validators import Regexp, ValidationError

from ..auth.forms import role_field
from ..models import Role
from ..validators import text_area, text_field
from .cleaner_fields import CleanerFields
from .services import ProfileInput

IMAGE_RULE = "Use a link that starts with http:// or https://."
_NO_SPACE = re.compile(r"^\S*$")


class WebAddress:
    """Empty, or an absolute http(s) URL with a host. Anything a browser
    might read as another scheme (javascript:, data:, a relative path,
    backslashes, spaces inside) is refused rather than repaired."""

    def __call__(self, form, field):
        value = field.data or ""
        if not value:
            return
        if not _NO_SPACE.match(value) or "\\" in value:
            raise ValidationError(IMAGE_RULE)
        try:
            parts = urlsplit(value)
            host = parts.hostname
        except ValueError:
            raise ValidationError(IMAGE_RULE) from None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise ValidationError(IMAGE_RULE)
        if not value.lower().startswith(("http://", "https://")):
            raise ValidationError(IMAGE_RULE)


class ProfileForm(CleanerFields, FlaskForm):
    role = role_field()
    full_name = text_field(
        "Full name", max_length=100, description="Shown on your profile."
    )
    phone_number = text_field(
        "Phone number",
        max_length=30,
        checks=[
            Regexp(r"^[0-9 +\-()]*\Z", message="Use digits, spaces and + - ( ) only.")
        ],
        description=(
            "Only shown to the other side of an accepted job. Never on your profile."
        ),
    )
    bio = text_area(
        "About you",
        max_length=2000,
        description="A few lines about you and how you work. Up to 2000 characters.",
    )
    image = text_field(
        "Profile picture",
        max_length=2000,
        checks=[WebAddress()],
        field=URLField,
        description=(
            "A link to a picture (http:// or https://). "
            "Leave empty to show your initials."
        ),
    )

    @classmethod
    def for_user(cls, user) -> "ProfileForm":
        """Filled from the user's profile, role and cleaner profile (kept
        when they stopped cleaning, so coming back starts from it)."""
        cleaner = user.cleaner_profile
        values = {"role": Role(user.role).value}
        if cleaner is not None:
            values.update(
                services=cleaner.services,
                hourly_rate=str(cleaner.hourly_rate),
                areas=", ".join(cleaner.areas),
                available_days=cleaner.available_days,
            )
        return cls(obj=user.profile, **values)

    def to_input(self) -> ProfileInput:
        return ProfileInput(
            **{
                name: self[name].data or ""
                for name in ProfileInput.__dataclass_fields__
            }
        )
