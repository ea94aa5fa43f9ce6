"""Find any versioned record by kind and id, inside a place the user may already see."""

from sqlmodel import Session, select

from app.models import Place, Versioned
from app.services.versioning import kind_spec


class RecordNotFound(Exception):
    """No record of that kind and id in this place."""


def get_record(*, session: Session, place: Place, kind: str, record_id: int) -> Versioned:
    """Every versioned record carries ``place_id``, so another place's record is simply not found."""
    spec = kind_spec(kind)
    if spec is None:
        raise RecordNotFound(kind)
    model = spec.model
    record = session.exec(
        select(model).where(model.id == record_id, model.place_id == place.id)  # type: ignore[attr-defined]
    ).first()
    if record is None:
        raise RecordNotFound(record_id)
    return record


def record_title(record: Versioned) -> str:
    for attribute in ("title", "name"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            return value
    return f"{type(record).__name__} {getattr(record, 'id', '')}"
