"""Sign up, log in, log out; confirm the email address; reset a forgotten
password."""

from flask import (
    Blueprint,
    abort,
    flash,
    get_template_attribute,
    make_response,
    redirect,
    request,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from .. import ratelimits as limits
from ..errors import show_on_form
from ..extensions import db, limiter
from ..htmx import render
from ..models import Role
from ..rules import Refused
from ..submissions.keys import clear_session
from . import emails, services, tokens
from .forms import LoginForm, NewPasswordForm, RegisterForm, ResetRequestForm
from .redirects import safe_next, safe_referrer
from .sessions import end_all_logins, end_session, log_in

bp = Blueprint("auth", __name__, url_prefix="/auth")

BAD_CREDENTIALS = "Incorrect username/email or password."


def _next_url(default: str) -> str:
    return safe_next(request.args.get("next") or request.form.get("next"), default)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limits.REGISTER, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if not form.is_submitted():
        return render("auth/register.html", form=form)
    if not form.validate():
        # A field that is valid but taken says so too, or its message would
        # vanish while another field is being fixed and the field look fine.
        _mark_taken(form)
        return render("auth/register.html", "form", 422, form=form)
    try:
        user = services.register(
            form.email.data,
            form.username.data,
            form.password.data,
            Role(form.role.data),
        )
    except Refused as refused:
        show_on_form(form, refused)
        return render("auth/register.html", "form", refused.status, form=form)
    # Queued before log_in's commit: the account and its email commit
    # together.
    emails.send_verification(user)
    log_in(user)
    flash(f"Welcome to Phresh, {user.username}!", "success")
    return redirect(_next_url(url_for("main.index")), 303)


_TAKEN = {
    "email": (services.email_taken, services.EMAIL_TAKEN),
    "username": (services.username_taken, services.USERNAME_TAKEN),
}


def _mark_taken(form: RegisterForm, names=tuple(_TAKEN)) -> None:
    """Give each named field that passed its rules but is taken that message."""
    for name in names:
        taken, message = _TAKEN[name]
        if not form[name].errors and taken(form[name].data):
            form[name].errors = [message]


@bp.post("/register/check/<field>")
@limiter.limit(limits.INLINE_CHECKS)
def check_field(field: str):
    """Inline validation while typing: the same rules as the full POST,
    answered as the message under one field."""
    form = RegisterForm()
    if field not in ("email", "username", "password"):
        abort(404)
    form.validate()
    _mark_taken(form, [field] if field in _TAKEN else [])
    return render_field_message(form[field])


def render_field_message(field):
    return make_response(get_template_attribute("_forms.html", "message")(field))


@bp.route("/login", methods=["GET", "POST"])
# Shared with the JSON API's token login (api/users.py): one allowance per
# address and account, whichever door is knocked on.
@limiter.shared_limit(limits.PER_ADDRESS, scope="login-address", methods=["POST"])
@limiter.shared_limit(
    limits.PER_ACCOUNT,
    scope="login-account",
    key_func=limits.address_and("login", services.account_id),
    methods=["POST"],
    deduct_when=limits.failed,
)
def login():
    form = LoginForm()
    next_url = request.args.get("next", "")
    if not form.is_submitted():
        return render("auth/login.html", form=form, next=next_url)
    if not form.validate():
        return render("auth/login.html", "form", 422, form=form, next=next_url)
    user = services.authenticate(form.login.data.strip(), form.password.data)
    if user is None:
        return render(
            "auth/login.html",
            "form",
            401,
            form=form,
            next=next_url,
            error=BAD_CREDENTIALS,
        )
    log_in(user, remember=form.remember.data)
    return redirect(_next_url(url_for("cleanings.index")), 303)


@bp.post("/logout")
@login_required
def logout():
    end_session(current_user.session_token)
    db.session.commit()
    clear_session()
    # After the clear, so its note to delete the remember-me cookie survives.
    logout_user()
    return redirect(url_for("main.index"), 303)


def _bad_link(what: str):
    return render("auth/bad_link.html", status=400, what=what)


@bp.get("/verify/<token>")
def verify(token: str):
    # GET on the POST-only sibling route lands here; answer as for any POST route.
    if token == "resend":  # noqa: S105
        abort(405, valid_methods=["POST"])
    user = tokens.user_to_verify(token)
    if user is None:
        return _bad_link("verify")
    services.mark_email_verified(user)
    db.session.commit()
    flash("Thanks! Your email address is confirmed.", "success")
    return redirect(url_for("main.index"), 303)


@bp.post("/verify/resend")
@login_required
@limiter.limit(limits.PER_EMAIL, key_func=limits.logged_in_user)
def resend_verification():
    if current_user.email_verified:
        flash("Your email address is already confirmed.", "success")
    else:
        emails.send_verification(current_user)
        db.session.commit()
        flash("We sent a new confirmation link. Please check your inbox.", "success")
    back = safe_referrer(request.referrer, request.host, url_for("main.index"))
    return redirect(back, 303)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(limits.PER_ADDRESS, methods=["POST"])
@limiter.limit(limits.PER_EMAIL, key_func=limits.address_and("email"), methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if not form.is_submitted():
        return render("auth/reset_request.html", form=form)
    if not form.validate():
        return render("auth/reset_request.html", "form", 422, form=form)
    # Known or not, the answer is the same: nobody can probe for accounts.
    emails.send_reset(services.find_by_email(form.email.data))
    db.session.commit()
    return redirect(url_for("auth.reset_sent"), 303)


@bp.get("/reset/sent")
def reset_sent():
    return render("auth/reset_sent.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(limits.PER_ACCOUNT, methods=["POST"])
def reset_password(token: str):
    user = tokens.user_to_reset(token)
    if user is None:
        return _bad_link("reset")
    form = NewPasswordForm(user)
    if not form.is_submitted():
        return render("auth/reset_password.html", form=form, token=token)
    if not form.validate():
        return render("auth/reset_password.html", "form", 422, form=form, token=token)
    services.set_password(user, form.new_password.data)
    # The link came to their inbox, which proves the address as well.
    services.mark_email_verified(user)
    end_all_logins(user)
    db.session.commit()
    flash("Your password is changed. Please log in with the new one.", "success")
    return redirect(url_for("auth.login"), 303)
