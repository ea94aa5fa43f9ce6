"""The one place that decides which places a user may see or change.

Access is by membership (user, place, role). No membership: the place does not exist for that user (404).
A role that may read but not write gets 403 on a write. ``is_admin`` grants the admin pages only; it is not
a membership and gives no access to a place's strategy.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import NotFound
from app.models import Membership, Place, PublicPage, Role, User


class Permission(StrEnum):
    read = "read"  # the place's pages at all
    read_drafts = "read_drafts"  # draft records, history, personal data
    edit = "edit"  # create and change records, publish
    comment = "comment"  # write review comments and replies


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.officer: frozenset({Permission.read, Permission.read_drafts, Permission.edit, Permission.comment}),
    Role.facilitator: frozenset({Permission.read, Permission.read_drafts, Permission.comment}),
    Role.councillor: frozenset({Permission.read}),
}


class PlaceNotFound(NotFound):
    """The place does not exist, or the user has no membership of it: both answer 404."""


class PermissionDenied(Exception):
    """The user may see the place but not do this (403)."""


@dataclass(frozen=True)
class PlaceAccess:
    """A place as one user sees it: what they may do there."""

    place: Place
    user: User
    role: Role
    # The membership's "tension log" permission, given by an administrator apart from the role.
    tension_log: bool = False

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def can_edit(self) -> bool:
        return self.can(Permission.edit)

    @property
    def can_read_drafts(self) -> bool:
        return self.can(Permission.read_drafts)

    @property
    def can_comment(self) -> bool:
        return self.can(Permission.comment)

    @property
    def can_read_tensions(self) -> bool:
        """Officers and facilitators holding the permission read the log; councillors never do."""
        return self.tension_log and self.role in (Role.officer, Role.facilitator)

    @property
    def can_write_tensions(self) -> bool:
        return self.tension_log and self.role == Role.officer


def readable_places_statement(*, user: User) -> SelectOfScalar[Place]:
    """Places the user is a member of, in any role. Every place-scoped query starts here."""
    return (
        select(Place)
        .join(Membership, col(Membership.place_id) == col(Place.id))
        .where(Membership.user_id == user.id)
        .order_by(col(Place.name))
    )


def list_user_places(*, session: Session, user: User) -> list[tuple[Place, Role]]:
    statement = (
        select(Place, Membership.role)
        .join(Membership, col(Membership.place_id) == col(Place.id))
        .where(Membership.user_id == user.id)
        .order_by(col(Place.name))
    )
    return [(place, Role(role)) for place, role in session.exec(statement).all()]


class PlaceRef(NamedTuple):
    """A place as a list of many places shows it (cheaper than loading each ``Place``)."""

    id: int
    slug: str
    name: str


def place_ids_with_role(*, user: User, role: Role) -> SelectOfScalar[int]:
    """The ids of the places where the user holds ``role``, as a statement to filter by
    (``col(Model.place_id).in_(...)``), so a query across all of them stays one query."""
    return select(Membership.place_id).where(Membership.user_id == user.id, Membership.role == role.value)


def has_role(*, session: Session, user: User, role: Role) -> bool:
    """Whether the user holds ``role`` in any place (the header shows the overview to facilitators)."""
    return session.exec(place_ids_with_role(user=user, role=role).limit(1)).first() is not None


def facilitated_places(*, session: Session, user: User) -> list[PlaceRef]:
    """The places of the facilitator overview: those the user facilitates, by name. Someone who facilitates
    no place may not see the overview (403), whatever their other roles."""
    rows = session.exec(
        select(col(Place.id), col(Place.slug), col(Place.name))
        .where(col(Place.id).in_(place_ids_with_role(user=user, role=Role.facilitator)))
        .order_by(col(Place.name))
    ).all()
    if not rows:
        raise PermissionDenied(Role.facilitator.value)
    return [PlaceRef(place_id or 0, slug, name) for place_id, slug, name in rows]


def get_place_access(*, session: Session, user: User, place_slug: str, permission: Permission) -> PlaceAccess:
    """The place by slug if the user is a member; 404 if not, 403 if their role lacks ``permission``."""
    row = session.exec(
        select(Place, Membership.role, Membership.tension_log)
        .join(Membership, col(Membership.place_id) == col(Place.id))
        .where(Membership.user_id == user.id, Place.slug == place_slug)
    ).first()
    if row is None:
        raise PlaceNotFound(place_slug)
    place, role, tension_log = row
    access = PlaceAccess(place=place, user=user, role=Role(role), tension_log=bool(tension_log))
    if not access.can(permission):
        raise PermissionDenied(permission)
    return access


class TensionLogNotFound(NotFound):
    """The tension log, or one of its records, for someone without the permission: 404, so that not even
    the existence of its entries is revealed."""


def require_tension_log(*, access: PlaceAccess, write: bool = False) -> PlaceAccess:
    """The rule of the tension log: without the permission (and always for a councillor) its pages do not
    exist (404); a facilitator holding it reads but may not write (403)."""
    if not access.can_read_tensions:
        raise TensionLogNotFound(access.place.slug)
    if write and not access.can_write_tensions:
        raise PermissionDenied("tension log")
    return access


def require_record_kind(*, access: PlaceAccess, restricted: bool, write: bool = False) -> None:
    """The generic record pages (history, restore) of a kind behind the tension log follow its rule."""
    if restricted:
        require_tension_log(access=access, write=write)


def tension_log_place_ids(*, user: User) -> SelectOfScalar[int]:
    """The places whose tension log the user reads, as a statement to filter by."""
    return select(Membership.place_id).where(
        Membership.user_id == user.id,
        col(Membership.tension_log).is_(True),
        col(Membership.role).in_([Role.officer.value, Role.facilitator.value]),
    )


def require_admin(*, user: User) -> User:
    if not user.is_admin:
        raise PermissionDenied("admin")
    return user


def get_public_place(*, session: Session, place_slug: str) -> tuple[Place, PublicPage]:
    """A place whose public pages an officer has switched on: anyone may read them, signed in or not.
    Any other place, or a place that has not switched them on, does not exist here (404)."""
    row = session.exec(
        select(Place, PublicPage)
        .join(PublicPage, col(PublicPage.place_id) == col(Place.id))
        .where(Place.slug == place_slug, col(PublicPage.enabled).is_(True))
    ).first()
    if row is None:
        raise PlaceNotFound(place_slug)
    return row[0], row[1]
