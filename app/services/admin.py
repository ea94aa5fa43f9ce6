"""What an administrator does: places, areas, users and memberships."""

import re
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.models import ApiToken, Area, Membership, Place, Role, Strategy, User, utcnow
from app.schemas import AreaForm, MembershipForm, PlaceForm, UserForm
from app.services.auth import hash_password, revoke_user_sessions
from app.services.versioning import KindSpec, create_record, is_erased, register_kind, save_record

register_kind("area", KindSpec(model=Area, noun="area"))


class DuplicateValue(Exception):
    """A value that must be unique is already used; ``field`` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFound(Exception):
    """No such record."""


def list_places(*, session: Session) -> list[tuple[Place, int, int]]:
    """Every place with its number of areas and members."""
    areas = select(func.count()).where(Area.place_id == Place.id).scalar_subquery()
    members = select(func.count()).where(Membership.place_id == Place.id).scalar_subquery()
    rows = session.exec(select(Place, areas, members).order_by(col(Place.name))).all()
    return [(place, int(a), int(m)) for place, a, m in rows]


def get_place(*, session: Session, place_slug: str) -> Place:
    place = session.exec(select(Place).where(Place.slug == place_slug)).first()
    if place is None:
        raise NotFound(place_slug)
    return place


def create_place(*, session: Session, actor: User, form: PlaceForm) -> Place:
    """A new place, with a first draft strategy so its officers have somewhere to start."""
    if session.exec(select(Place).where(Place.slug == form.slug)).first():
        raise DuplicateValue("slug", "A place already uses this short name")
    if session.exec(select(Place).where(Place.gss_code == form.gss_code)).first():
        raise DuplicateValue("gss_code", "A place already has this GSS code")
    place = Place(name=form.name, slug=form.slug, gss_code=form.gss_code)
    session.add(place)
    session.flush()
    year = date.today().year
    create_record(
        session=session,
        actor=actor,
        record=Strategy(
            place_id=place.id,  # type: ignore[arg-type]
            slug=f"cohesion-strategy-{year}",
            title=f"Cohesion strategy {year} to {year + 3}",
            start_date=date(year, 4, 1),
            end_date=date(year + 3, 3, 31),
        ),
        note="Created with the place",
    )
    return place


def list_areas(*, session: Session, place: Place) -> list[Area]:
    return list(session.exec(select(Area).where(Area.place_id == place.id).order_by(col(Area.name))).all())


def get_area(*, session: Session, place: Place, area_id: int) -> Area:
    area = session.exec(select(Area).where(Area.place_id == place.id, Area.id == area_id)).first()
    if area is None:
        raise NotFound(area_id)
    return area


def _check_area_name(*, session: Session, place: Place, name: str, area_id: int | None) -> None:
    clash = session.exec(
        select(Area.id).where(
            Area.place_id == place.id,
            # SQLite's lower() folds only ASCII letters; the exact match catches every other clash.
            or_(col(Area.name) == name, func.lower(Area.name) == name.lower()),
        )
    ).first()
    if clash is not None and clash != area_id:
        raise DuplicateValue("name", f"{place.name} already has an area called {name}")


def create_area(*, session: Session, place: Place, actor: User, form: AreaForm) -> Area:
    _check_area_name(session=session, place=place, name=form.name, area_id=None)
    return create_record(
        session=session,
        actor=actor,
        record=Area(place_id=place.id, name=form.name, gss_code=form.gss_code, population=form.population),  # type: ignore[arg-type]
        note=form.note,
    )


def update_area(
    *, session: Session, place: Place, area: Area, actor: User, form: AreaForm, expected_version: int | None
) -> Area:
    _check_area_name(session=session, place=place, name=form.name, area_id=area.id)
    return save_record(
        session=session,
        record=area,
        actor=actor,
        changes={"name": form.name, "gss_code": form.gss_code, "population": form.population},
        expected_version=expected_version,
        note=form.note,
    )


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.name))).all())


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(user_id)
    return user


def create_user(*, session: Session, form: UserForm) -> User:
    if session.exec(select(User).where(User.email == form.email)).first():
        raise DuplicateValue("email", "Someone already has an account with this email address")
    user = User(
        name=form.name, email=form.email, password_hash=hash_password(form.password), is_admin=form.is_admin
    )
    session.add(user)
    session.flush()
    return user


def set_user_active(*, session: Session, user: User, active: bool) -> User:
    """Deactivating a user ends all their sessions and revokes their API tokens at once. An erased account
    cannot be reactivated."""
    if active and is_erased(user):
        raise NotFound(user.id)
    user.active = active
    session.add(user)
    if not active:
        revoke_user_sessions(session=session, user=user)
        for token in session.exec(
            select(ApiToken).where(ApiToken.user_id == user.id, col(ApiToken.revoked_at).is_(None))
        ).all():
            token.revoked_at = utcnow()
            session.add(token)
    session.flush()
    return user


def memberships_of_place(*, session: Session, place: Place) -> list[tuple[Membership, User]]:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(Membership.place_id == place.id)
        .order_by(col(User.name))
    ).all()
    return list(rows)


def set_membership(*, session: Session, place: Place, user: User, role: Role) -> Membership:
    """Give ``user`` ``role`` in ``place``, replacing any role they had there."""
    membership = session.exec(
        select(Membership).where(Membership.place_id == place.id, Membership.user_id == user.id)
    ).first()
    if membership is None:
        membership = Membership(place_id=place.id, user_id=user.id, role=role.value)  # type: ignore[arg-type]
    else:
        membership.role = role.value
    session.add(membership)
    session.flush()
    return membership


def add_membership(*, session: Session, place: Place, form: MembershipForm) -> Membership:
    user = get_user(session=session, user_id=form.user_id)
    return set_membership(session=session, place=place, user=user, role=form.role)


def remove_membership(*, session: Session, place: Place, membership_id: int) -> None:
    membership = session.exec(
        select(Membership).where(Membership.place_id == place.id, Membership.id == membership_id)
    ).first()
    if membership is None:
        raise NotFound(membership_id)
    session.delete(membership)
    session.flush()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
