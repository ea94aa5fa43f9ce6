"""Rumours answered: a response drafted in plain words, signed off by a second person, then published.

Rules enforced here:
- only an entry of category rumour or misinformation carries a response;
- the person who last wrote the draft cannot sign it off; changing a signed-off draft withdraws the sign-off;
- a response is published only once signed off, on or after the day the rumour was first observed;
- the time to respond is counted from the first report: the earliest of the entry and the earlier entries
  of the same rumour that it names.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.models import Place, RumourResponse, TensionCategory, TensionEntry, User, utcnow
from app.models.base import id_of
from app.schemas.tensions import PublicationForm, RumourResponseForm
from app.services.records.versioning import create_record, save_record


class ResponseNotFound(NotFound):
    """The entry is not a rumour, or has no response yet."""


class SignOffRefused(FieldError):
    """The sign-off cannot be given: the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__("sign_off", message)


def is_rumour(entry: TensionEntry) -> bool:
    return entry.category == TensionCategory.rumour


def get_response(*, session: Session, entry: TensionEntry) -> RumourResponse | None:
    return session.exec(select(RumourResponse).where(RumourResponse.entry_id == entry.id)).first()


def save_draft(
    *,
    session: Session,
    entry: TensionEntry,
    actor: User,
    form: RumourResponseForm,
    expected_version: int | None,
) -> RumourResponse:
    """Write or rewrite the draft; a changed draft needs signing off again."""
    if not is_rumour(entry):
        raise ResponseNotFound(entry.id)
    response = get_response(session=session, entry=entry)
    if response is None:
        return create_record(
            session=session,
            actor=actor,
            note=form.note,
            record=RumourResponse(
                place_id=entry.place_id, entry_id=id_of(entry), draft=form.draft, drafted_by_id=actor.id
            ),
        )
    changes: dict[str, object] = {"draft": form.draft}
    if form.draft != response.draft:
        changes.update(drafted_by_id=actor.id, signed_off_by_id=None, signed_off_at=None)
        if response.published_on is not None:
            raise FieldError("draft", "This response has been published: it can no longer be changed")
    return save_record(
        session=session,
        record=response,
        actor=actor,
        changes=changes,
        expected_version=expected_version,
        note=form.note,
    )


def sign_off(
    *, session: Session, entry: TensionEntry, actor: User, expected_version: int | None
) -> RumourResponse:
    """A second person with the permission signs the draft off; the drafter cannot."""
    response = get_response(session=session, entry=entry)
    if response is None:
        raise ResponseNotFound(entry.id)
    if response.signed_off_by_id is not None:
        raise SignOffRefused("This response has already been signed off")
    if response.drafted_by_id == actor.id:
        raise SignOffRefused("You wrote this draft: someone else with the tension log must sign it off")
    return save_record(
        session=session,
        record=response,
        actor=actor,
        changes={"signed_off_by_id": actor.id, "signed_off_at": utcnow()},
        expected_version=expected_version,
        note="Signed off",
    )


def first_reported(*, session: Session, place: Place, entry: TensionEntry) -> date:
    earlier = session.exec(
        select(col(TensionEntry.observed_on)).where(
            TensionEntry.place_id == place.id, col(TensionEntry.id).in_(entry.earlier_entry_ids or [])
        )
    ).all()
    return min([entry.observed_on, *earlier])


def record_publication(
    *,
    session: Session,
    place: Place,
    entry: TensionEntry,
    actor: User,
    form: PublicationForm,
    expected_version: int | None,
) -> RumourResponse:
    response = get_response(session=session, entry=entry)
    if response is None:
        raise ResponseNotFound(entry.id)
    if response.signed_off_by_id is None:
        raise FieldError("published_on", "The response must be signed off before it is published")
    if form.published_on < entry.observed_on:
        raise FieldError("published_on", "The response cannot be published before the rumour was observed")
    return save_record(
        session=session,
        record=response,
        actor=actor,
        changes={"published_on": form.published_on, "published_where": form.published_where},
        expected_version=expected_version,
        note=form.note,
    )


@dataclass(frozen=True)
class ResponseView:
    response: RumourResponse
    drafted_by: str
    signed_off_by: str | None
    first_reported: date
    days_to_respond: int | None

    @property
    def time_to_respond(self) -> str | None:
        if self.days_to_respond is None:
            return None
        if self.days_to_respond == 0:
            return "the same day as it was first reported"
        unit = "day" if self.days_to_respond == 1 else "days"
        return f"{self.days_to_respond} {unit} after it was first reported"


def response_view(*, session: Session, place: Place, entry: TensionEntry) -> ResponseView | None:
    response = get_response(session=session, entry=entry)
    if response is None:
        return None
    names = dict(
        session.exec(
            select(User.id, User.name).where(
                col(User.id).in_([response.drafted_by_id or 0, response.signed_off_by_id or 0])
            )
        ).all()
    )
    first = first_reported(session=session, place=place, entry=entry)
    days = (response.published_on - first).days if response.published_on is not None else None
    return ResponseView(
        response=response,
        drafted_by=names.get(response.drafted_by_id or 0, "A former user"),
        signed_off_by=names.get(response.signed_off_by_id) if response.signed_off_by_id else None,
        first_reported=first,
        days_to_respond=days,
    )
