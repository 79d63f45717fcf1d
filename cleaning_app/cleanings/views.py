"""Cleaning jobs. (Stub until the cleaning-jobs issue lands.)"""

from flask import Blueprint

from ..htmx import render

bp = Blueprint("cleanings", __name__, url_prefix="/cleanings")


@bp.get("")
def index():
    return render("cleanings/index.html")
