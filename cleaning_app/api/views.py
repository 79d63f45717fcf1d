"""The API blueprint: every operation, its JSON errors, the OpenAPI
document with its reference page, and CORS."""

from flask import Blueprint

from ..extensions import csrf
from . import cleanings, evaluations, feed, offers, users
from .core import install
from .docs import register_docs
from .errors import register_errors

bp = Blueprint("api", __name__, url_prefix="/api")
install(bp, users, cleanings, offers, evaluations, feed)
register_errors(bp)
register_docs(bp)
# Bearer tokens, never cookies, authenticate here: there is no ambient
# credential for a forged cross-site request to ride on.
csrf.exempt(bp)
