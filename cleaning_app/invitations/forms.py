from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired

from ..validators import PlainText, WholeNumberField

MAX_JOB_ID = 2_147_483_647  # the largest integer key


class InviteForm(FlaskForm):
    """`POST /cleanings/<cleaning_id>/invite`: whom; `next` is the page the
    form was on (a profile, the directory), where the browser goes back."""

    username = HiddenField(
        "Cleaner", validators=[PlainText(), DataRequired("Say whom to invite.")]
    )
    next = HiddenField(validators=[PlainText()])


class ChosenJobInviteForm(InviteForm):
    """The "Invite to a job" control: the job is chosen in a select, which
    without JavaScript can't change a form's URL, so it comes as a field."""

    cleaning_id = WholeNumberField(
        "Job",
        validators=[DataRequired("Choose one of your open jobs.")],
        minimum=1,
        maximum=MAX_JOB_ID,
        message="Choose one of your open jobs.",
    )
