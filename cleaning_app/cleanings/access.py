"""Only a job's owner may change it, answer its offers or rate its cleaner.
The job, offer and evaluation views and services all ask here."""

from ..extensions import db
from ..models import Cleaning, User
from ..rules import Forbidden


def require_owner(cleaning: Cleaning, user: User) -> None:
    """Refuse (403) anyone but the job's owner."""
    if cleaning.owner_id != user.id:
        raise Forbidden()


def own_cleaning(cleaning_id: int, user: User) -> Cleaning:
    """The job, for its owner: 404 when there is no such job, 403 for
    anyone else."""
    cleaning = db.get_or_404(Cleaning, cleaning_id)
    require_owner(cleaning, user)
    return cleaning
