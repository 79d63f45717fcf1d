"""(Stub: this feature's issue fills it in.)"""

from flask import Blueprint

bp = Blueprint("feed", __name__, url_prefix="/feed")
