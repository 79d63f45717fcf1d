"""(Stub: this feature's issue fills it in.)"""

from flask import Blueprint

bp = Blueprint("offers", __name__)
