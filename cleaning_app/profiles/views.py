"""(Stub: this feature's issue fills it in.)"""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/profiles")
