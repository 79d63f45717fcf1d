"""Rows to response objects, with the privacy rules applied in one place:
an email only in the caller's own user object and profile; a phone number
only for its owner and the other side of an accepted or completed offer
between them (as on the pages); a job's street address only for its owner
and its hired cleaner, and never in the feed; everywhere else `null`."""

from dataclasses import dataclass, field

from ..models import Cleaning, Evaluation, Offer, Profile, User
from . import queries
from .schemas import (
    AccessToken,
    CleaningPublic,
    EvaluationPublic,
    OfferPublic,
    ProfilePublic,
    UserPublic,
)


@dataclass
class Viewer:
    """Who is asking, and whose phone numbers they may see."""

    user: User
    contacts: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, user: User, others=()) -> "Viewer":
        """One query for the phone rule about every user in `others`."""
        ids = {i for i in others if i != user.id}
        return cls(user, queries.contacts(user.id, ids) if ids else set())

    def is_me(self, user_id: int) -> bool:
        return user_id == self.user.id

    def sees_phone_of(self, user_id: int) -> bool:
        return self.is_me(user_id) or user_id in self.contacts


def _blank_is_null(value: str | None) -> str | None:
    return value or None


def profile_public(profile: Profile, user: User, viewer: Viewer) -> ProfilePublic:
    return ProfilePublic(
        id=profile.id,
        user_id=user.id,
        full_name=_blank_is_null(profile.full_name),
        phone_number=profile.phone_number or None
        if viewer.sees_phone_of(user.id)
        else None,
        bio=profile.bio,
        image=_blank_is_null(profile.image),
        username=user.username,
        email=user.email if viewer.is_me(user.id) else None,
        created_at=profile.created_at,
        updated_at=profile.updated_at,
    )


def user_public(user: User, viewer: Viewer, token: str | None = None) -> UserPublic:
    """The user with their profile (loaded by the caller)."""
    profile = user.profile
    return UserPublic(
        id=user.id,
        email=user.email if viewer.is_me(user.id) else None,
        username=user.username,
        email_verified=user.email_verified,
        is_active=user.is_active,
        is_superuser=user.is_superuser,
        created_at=user.created_at,
        updated_at=user.updated_at,
        access_token=AccessToken(access_token=token) if token else None,
        profile=None if profile is None else profile_public(profile, user, viewer),
    )


def cleaning_fields(
    cleaning: Cleaning, viewer: Viewer, expand_owner: bool, sees_address: bool = False
) -> dict:
    owner = user_public(cleaning.owner, viewer) if expand_owner else cleaning.owner_id
    return {
        "id": cleaning.id,
        "name": cleaning.name,
        "description": _blank_is_null(cleaning.description),
        "price": cleaning.price,
        "cleaning_type": cleaning.cleaning_type,
        "owner": owner,
        "created_at": cleaning.created_at,
        "updated_at": cleaning.updated_at,
        "starts_at": cleaning.starts_at,
        "hours": cleaning.hours,
        "area": cleaning.area,
        "address": _blank_is_null(cleaning.address) if sees_address else None,
        "bedrooms": cleaning.bedrooms,
        "bathrooms": cleaning.bathrooms,
    }


def cleaning_public(
    cleaning: Cleaning, viewer: Viewer, expand_owner: bool = False, hired: bool = False
) -> CleaningPublic:
    """The job; its address for its owner, or when the caller is `hired`."""
    sees_address = hired or viewer.is_me(cleaning.owner_id)
    return CleaningPublic(
        **cleaning_fields(cleaning, viewer, expand_owner, sees_address)
    )


def offer_public(offer: Offer, viewer: Viewer, with_user: bool = False) -> OfferPublic:
    return OfferPublic(
        user_id=offer.user_id,
        cleaning_id=offer.cleaning_id,
        status=offer.status,
        message=_blank_is_null(offer.message),
        created_at=offer.created_at,
        updated_at=offer.updated_at,
        user=user_public(offer.user, viewer) if with_user else None,
    )


def evaluation_public(evaluation: Evaluation, owner_id: int) -> EvaluationPublic:
    return EvaluationPublic(
        cleaning_id=evaluation.cleaning_id,
        cleaner_id=evaluation.cleaner_id,
        no_show=evaluation.no_show,
        headline=_blank_is_null(evaluation.headline),
        comment=_blank_is_null(evaluation.comment),
        professionalism=evaluation.professionalism,
        completeness=evaluation.completeness,
        efficiency=evaluation.efficiency,
        overall_rating=evaluation.overall_rating,
        created_at=evaluation.created_at,
        updated_at=evaluation.updated_at,
        owner=owner_id,
    )
