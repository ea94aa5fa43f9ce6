"""Data portability: everything about one place as one JSON document (``cohesion export-place SLUG``).

The council owns this data, so personal fields are included (voices with their demographic context,
members' names and email addresses); secrets never are: no password hashes, session or API token hashes.
Records are as they are now (history and frozen editions stay in the database; editions are listed with
their metadata). Keys are the field names of the models and lists are ordered by id, so two exports of the
same data are identical apart from ``exported_at``.
"""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, or_, select

from app.models import Area, Edition, Membership, Place, ReviewComment, Strategy, Theme, User, utcnow
from app.services.accounts import audit
from app.services.accounts.admin import get_place
from app.services.records import kinds
from app.services.records.history import FORMER_USER, is_erased

EXPORT_FORMAT = "cohesion-place-export"
EXPORT_FORMAT_VERSION = 1


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _value(item) for key, item in value.items()}
    return value


def _row(row: SQLModel) -> dict[str, Any]:
    """Every column of a row, as JSON values."""
    return {attr.key: _value(getattr(row, attr.key)) for attr in sa.inspect(type(row)).column_attrs}


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    users = session.exec(select(User).where(col(User.id).in_(ids))).all() if ids else []
    return {user.id: FORMER_USER if is_erased(user) else user.name for user in users}  # type: ignore[misc]


def _strategy(session: Session, strategy: Strategy) -> dict[str, Any]:
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in kinds.STAGE_KINDS:
        model = kind.model
        rows = session.exec(
            select(model).where(model.strategy_id == strategy.id).order_by(col(model.id))  # type: ignore[attr-defined]
        ).all()
        records[kind.name] = [_row(row) for row in rows]
    editions = session.exec(
        select(Edition).where(Edition.strategy_id == strategy.id).order_by(col(Edition.id))
    ).all()
    comments = session.exec(
        select(ReviewComment).where(ReviewComment.strategy_id == strategy.id).order_by(col(ReviewComment.id))
    ).all()
    names = _names(
        session,
        {e.published_by_id for e in editions if e.published_by_id is not None}
        | {c.author_id for c in comments if c.author_id is not None},
    )
    return {
        **_row(strategy),
        "records": records,
        "editions": [
            {**_row(e), "published_by": names.get(e.published_by_id or 0, FORMER_USER)} for e in editions
        ],
        "review_comments": [
            {**_row(c), "author": names.get(c.author_id or 0, FORMER_USER)} for c in comments
        ],
    }


def export_place(*, session: Session, place_slug: str) -> dict[str, Any]:
    """The place, its areas, the themes its records use, its members, and each strategy with every current
    stage record, its editions and its review comments. The export is recorded in the audit log."""
    place: Place = get_place(session=session, place_slug=place_slug)
    areas = session.exec(select(Area).where(Area.place_id == place.id).order_by(col(Area.id))).all()
    themes = session.exec(
        select(Theme)
        .where(or_(col(Theme.place_id).is_(None), Theme.place_id == place.id))
        .order_by(col(Theme.id))
    ).all()
    members = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(Membership.place_id == place.id)
        .order_by(col(User.id))
    ).all()
    strategies = session.exec(
        select(Strategy).where(Strategy.place_id == place.id).order_by(col(Strategy.id))
    ).all()
    document = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "place": _row(place),
        "areas": [_row(area) for area in areas],
        "themes": [_row(theme) for theme in themes],
        "members": [
            {"user_id": user.id, "name": user.name, "email": user.email, "role": membership.role}
            for membership, user in members
        ],
        "strategies": [_strategy(session, strategy) for strategy in strategies],
    }
    audit.record_event(
        session=session,
        actor=None,
        place=place,
        action="export",
        detail="Everything about the place as JSON (cohesion export-place)",
    )
    return document
