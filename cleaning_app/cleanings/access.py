"""Only a job's owner may change it or answer its offers; the job and offer
views both ask here."""

from flask import abort
from flask_login import current_user

from ..extensions import db
from ..models import Cleaning


def own_cleaning(cleaning_id: int) -> Cleaning:
    """The job, for its owner: 404 when there is no such job, 403 for
    anyone else."""
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    if cleaning.owner_id != current_user.id:
        abort(403)
    return cleaning
