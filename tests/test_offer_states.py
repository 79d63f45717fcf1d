"""The typed offer state machine: statuses and kinds of clean come out of
the database as their enums (with the labels people read), and one table of
transitions says what may change into what."""

import pytest

from cleaning_app.extensions import db
from cleaning_app.models import TRANSITIONS, Cleaning, CleaningType, Offer, OfferStatus
from cleaning_app.offers import services

from .builders import log_in, make_cleaning, make_user

S = OfferStatus


def test_an_offer_status_is_loaded_as_its_enum(app, client):
    owner, cleaner = make_user(app, "rita"), make_user(app, "carlos")
    job = make_cleaning(app, owner, cleaning_type="full_clean")
    log_in(client, cleaner)
    client.post(f"/cleanings/{job.id}/offers", {"message": "Free on Friday"})
    with app.app_context():
        offer = db.session.get(Offer, (job.id, cleaner.id))
        cleaning = db.session.get(Cleaning, job.id)
        assert offer.status is S.pending
        assert (offer.status.label, offer.status.description) == (
            "Pending",
            "Offer pending",
        )
        assert cleaning.cleaning_type is CleaningType.full_clean
        assert cleaning.cleaning_type.label == "Deep Clean"


def test_the_contracts_kinds_of_clean_carry_their_names():
    assert {kind.value: kind.label for kind in CleaningType} == {
        "dust_up": "Dust Up",
        "spot_clean": "Spot Clean",
        "full_clean": "Deep Clean",
    }
    assert all(kind.description for kind in CleaningType)


def test_the_transitions_are_the_contracts():
    steps = {name: (t.source, t.target) for name, t in TRANSITIONS.items()}
    assert steps == {
        "accept": (S.pending, S.accepted),
        "reject": (S.pending, S.rejected),
        "rescind": (S.pending, None),
        "cancel": (S.accepted, S.cancelled),
        "complete": (S.accepted, S.completed),
        "decline": (S.pending, S.rejected),
        "reopen": (S.rejected, S.pending),
    }
    assert (S.accepted, S.completed) == S.TAKEN


@pytest.mark.parametrize("action", ["accept", "reject", "rescind", "cancel"])
def test_every_status_but_the_source_is_refused_in_words(action):
    source = TRANSITIONS[action].source
    for status in S:
        refusal = services.refusal(Offer(status=status), action)
        if status is source:
            assert refusal is None
        else:
            assert refusal is not None and refusal.endswith(f" is {status}.")
