"""What an administrator does: places, areas, users and memberships.

Each of these is a security action, so each is also written to the audit log with who did it (``actor``;
None from the command line), when, and what, in plain words."""

import re
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.forms import form_from_values
from app.models import ApiToken, Area, Membership, Place, Role, Strategy, User, utcnow
from app.schemas import AreaForm, MembershipForm, PlaceForm, UserForm
from app.services.accounts import audit
from app.services.accounts.auth import hash_password, revoke_user_sessions
from app.services.records.history import is_erased
from app.services.records.versioning import create_record, save_record


def restored_area(session: Session, record: Area, values: dict[str, Any]) -> dict[str, Any]:
    """A restore passes an earlier version's values through the edit's own form and checks."""
    form = form_from_values(AreaForm, values)
    place = session.get(Place, record.place_id)
    if place is None:
        raise NotFound(record.place_id)
    _check_area_name(session=session, place=place, name=form.name, area_id=record.id)
    return _area_values(form)


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
        raise FieldError("slug", "A place already uses this short name")
    if session.exec(select(Place).where(Place.gss_code == form.gss_code)).first():
        raise FieldError("gss_code", "A place already has this GSS code")
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
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="place_added",
        detail=f"Added the place {place.name} (short name {place.slug}, GSS code {place.gss_code})",
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
        raise FieldError("name", f"{place.name} already has an area called {name}")


def create_area(*, session: Session, place: Place, actor: User, form: AreaForm) -> Area:
    _check_area_name(session=session, place=place, name=form.name, area_id=None)
    area = create_record(
        session=session,
        actor=actor,
        record=Area(place_id=place.id, **_area_values(form)),  # type: ignore[arg-type]
        note=form.note,
    )
    audit.record_event(
        session=session, actor=actor, place=place, action="area_added", detail=f"Added the area {area.name}"
    )
    return area


def update_area(
    *, session: Session, place: Place, area: Area, actor: User, form: AreaForm, expected_version: int | None
) -> Area:
    _check_area_name(session=session, place=place, name=form.name, area_id=area.id)
    before = {name: getattr(area, name) for name in AREA_FIELDS}
    saved = save_record(
        session=session,
        record=area,
        actor=actor,
        changes=_area_values(form),
        expected_version=expected_version,
        note=form.note,
    )
    changed = [
        f"{label} from {_shown(before[name])} to {_shown(getattr(saved, name))}"
        for name, label in AREA_FIELDS.items()
        if before[name] != getattr(saved, name)
    ]
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="area_changed",
        detail=f"Changed the area {before['name']}: " + ("; ".join(changed) or "nothing changed"),
    )
    return saved


AREA_FIELDS = {"name": "name", "gss_code": "GSS code", "welsh_name": "Welsh name", "population": "population"}


def _shown(value: object) -> str:
    return "none" if value is None or value == "" else str(value)


def _area_values(form: AreaForm) -> dict[str, Any]:
    return {name: getattr(form, name) for name in AREA_FIELDS}


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.name))).all())


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(user_id)
    return user


def check_email_unused(*, session: Session, email: str) -> None:
    """One account an email address: a new account's address must not be anyone's already."""
    if session.exec(select(User).where(User.email == email)).first():
        raise FieldError("email", "Someone already has an account with this email address")


def create_user(*, session: Session, actor: User | None, form: UserForm) -> User:
    check_email_unused(session=session, email=form.email)
    user = User(
        name=form.name, email=form.email, password_hash=hash_password(form.password), is_admin=form.is_admin
    )
    session.add(user)
    session.flush()
    audit.record_event(
        session=session,
        actor=actor,
        place=None,
        action="user_created",
        detail=f"Created an account for {_person(user)}" + (", as an administrator" if user.is_admin else ""),
    )
    return user


def _person(user: User) -> str:
    return f"{user.name} ({user.email})"


def set_user_active(*, session: Session, actor: User | None, user: User, active: bool) -> User:
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
    audit.record_event(
        session=session,
        actor=actor,
        place=None,
        action="user_reactivated" if active else "user_deactivated",
        detail=(
            f"Let {_person(user)} sign in again"
            if active
            else f"Deactivated {_person(user)}: signed out, API tokens revoked"
        ),
    )
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


def set_membership(
    *,
    session: Session,
    actor: User | None,
    place: Place,
    user: User,
    role: Role,
    tension_log: bool | None = None,
) -> Membership:
    """Give ``user`` ``role`` in ``place``, replacing any role they had there; ``tension_log`` gives or takes
    away the tension log permission (None keeps what they had)."""
    membership = session.exec(
        select(Membership).where(Membership.place_id == place.id, Membership.user_id == user.id)
    ).first()
    earlier = None if membership is None else Role(membership.role)
    if membership is None:
        membership = Membership(place_id=place.id, user_id=user.id, role=role.value)  # type: ignore[arg-type]
    else:
        membership.role = role.value
    had_log = membership.tension_log
    if tension_log is not None:
        membership.tension_log = tension_log
    session.add(membership)
    was = "" if earlier is None else f" (was {earlier.label.lower()})"
    log = ""
    if membership.tension_log != had_log or (earlier is None and membership.tension_log):
        log = ", with the tension log" if membership.tension_log else ", without the tension log"
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="role_given",
        detail=f"Made {_person(user)} {role.label.lower()}{was}{log}",
    )
    session.flush()
    return membership


def add_membership(*, session: Session, actor: User, place: Place, form: MembershipForm) -> Membership:
    user = get_user(session=session, user_id=form.user_id)
    return set_membership(
        session=session, actor=actor, place=place, user=user, role=form.role, tension_log=form.tension_log
    )


def remove_membership(*, session: Session, actor: User | None, place: Place, membership_id: int) -> None:
    membership = session.exec(
        select(Membership).where(Membership.place_id == place.id, Membership.id == membership_id)
    ).first()
    if membership is None:
        raise NotFound(membership_id)
    user = get_user(session=session, user_id=membership.user_id)
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="role_removed",
        detail=f"Removed {_person(user)} as {Role(membership.role).label.lower()}",
    )
    session.delete(membership)
    session.flush()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
