from flask_wtf import FlaskForm
from wtforms import BooleanField

from ..models import NotificationKind


class EmailSettingsForm(FlaskForm):
    """One checkbox `email_<kind>` per kind (CONTRACT): checked, the user
    also gets that kind by email."""

    def choices(self) -> dict[NotificationKind, bool]:
        return {kind: self[f"email_{kind.value}"].data for kind in NotificationKind}

    def fields(self) -> list:
        return [self[f"email_{kind.value}"] for kind in NotificationKind]


for _kind in NotificationKind:
    setattr(EmailSettingsForm, f"email_{_kind.value}", BooleanField(_kind.label))
