"""(Stub: this feature's issue fills it in.)"""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)
