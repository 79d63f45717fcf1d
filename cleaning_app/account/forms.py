from wtforms import PasswordField
from wtforms.validators import InputRequired

from ..auth.forms import NewPasswordForm
from ..validators import PlainText


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password."), PlainText()],
    )
