"""(Stub: this feature's issue fills it in.)"""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")
