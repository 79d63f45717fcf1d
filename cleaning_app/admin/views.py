"""(Stub: this feature's issue fills it in.)"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
