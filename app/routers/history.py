"""The one history page for every versioned record, and restoring an earlier version."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, DraftReadablePlace, EditablePlace, SessionDep, SessionFactory
from app.form_pages import Refusal, confirm
from app.forms import read_whole_number
from app.models import Versioned
from app.services import access
from app.services.access import PlaceAccess
from app.services.records import history as record_history
from app.services.records import kinds, restore, versioning
from app.services.records import lookup as records
from app.services.tensions import log as tension_log
from app.templating import render
from app.web import FormDataDep, expected_version, url

router = APIRouter(prefix="/places/{place_slug}/history/{kind}/{record_id}")


def _guard(place: PlaceAccess, kind: str, *, write: bool = False) -> None:
    """A kind behind the tension log answers as its own pages do."""
    spec = kinds.find(kind)
    access.require_record_kind(access=place, restricted=spec is not None and spec.restricted, write=write)


def _render(
    request: Request, template: str, place: PlaceAccess, kind: str, *, status: int = 200, **shown: Any
) -> HTMLResponse:
    """A history page (``history/{template}.html``) with what each is given: the place and the kind."""
    spec = kinds.find(kind)
    context = {"access": place, "place": place.place, "kind": kind, "noun": spec.noun if spec else kind}
    return render(
        request, f"history/{template}.html", {**context, **shown, "nav_active": "places"}, status_code=status
    )


def _history_page(
    request: Request,
    session: SessionDep,
    place: PlaceAccess,
    kind: str,
    record: Versioned | None,
    *,
    deleted: records.DeletedHistory | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The page of a live ``record``, or of a deleted one from its kept history (``deleted``)."""
    record_url = None
    if deleted is not None:
        title, entries = deleted.title, deleted.entries
    elif record is not None:
        title, entries = records.record_title(record), record_history.history(session=session, record=record)
        page = records.record_page(session=session, kind=kind, record=record)
        record_url = url(request, page.route, place_slug=place.place.slug, **page.params)
    else:
        raise records.RecordNotFound(kind)
    return _render(
        request,
        "show",
        place,
        kind,
        record=record,
        title=title,
        entries=entries,
        record_url=record_url,
        deletable=record is not None and records.is_deletable(kind),
        status=status,
    )


@router.get("/", name="history.show")
def show(
    request: Request,
    session: SessionDep,
    factory: SessionFactory,
    place: DraftReadablePlace,
    kind: str,
    record_id: int,
) -> HTMLResponse:
    _guard(place, kind)
    try:
        record = records.get_record(session=session, place=place.place, kind=kind, record_id=record_id)
    except records.RecordNotFound:
        # A deleted record keeps its history.
        deleted = records.deleted_history(session=session, place=place.place, kind=kind, record_id=record_id)
        return _history_page(request, session, place, kind, None, deleted=deleted)
    page = _history_page(request, session, place, kind, record)
    spec = kinds.find(kind)
    if spec is not None and spec.restricted:
        # The history shows every earlier text of a tension log record: a view like any other, audited.
        what = f"Viewed the history of {spec.noun} “{records.record_title(record)}”"
        tension_log.record_view(factory=factory, access=place, what=what)
    return page


def _delete_page(
    request: Request, place: PlaceAccess, kind: str, record: Versioned, refusal: Refusal, status: int = 200
) -> HTMLResponse:
    changed = "This changed while you were looking at it. Check the latest version, then choose again."
    return _render(
        request,
        "delete",
        place,
        kind,
        record=record,
        title=records.record_title(record),
        problem=changed if refusal.changed else " ".join(refusal.problems) or None,
        status=status,
    )


@router.get("/delete", name="history.delete_form")
def delete_form(
    request: Request, session: SessionDep, place: EditablePlace, kind: str, record_id: int
) -> HTMLResponse:
    _guard(place, kind, write=True)
    record = records.get_deletable_record(session=session, place=place.place, kind=kind, record_id=record_id)
    return _delete_page(request, place, kind, record, Refusal())


@router.post("/delete", name="history.delete")
def delete(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: EditablePlace,
    kind: str,
    record_id: int,
    form: FormDataDep,
) -> Response:
    _guard(place, kind, write=True)
    record = records.get_deletable_record(session=session, place=place.place, kind=kind, record_id=record_id)

    def step() -> str:
        back = records.delete_record(
            session=session, record=record, actor=user, expected_version=expected_version(form)
        )
        slugs = {"place_slug": place.place.slug, "strategy_slug": back.strategy_slug}
        return url(request, f"{back.stage}.index", **slugs)

    return confirm(
        request,
        step=step,
        flash=f"Deleted “{records.record_title(record)}”. Its history is kept.",
        page=lambda refusal, status: _delete_page(request, place, kind, record, refusal, status),
    )


def _transaction_id(raw: object) -> int:
    found = read_whole_number(str(raw or ""))
    if found is None:
        raise versioning.VersionNotFound(raw)
    return found


def _restore_page(
    request: Request,
    session: SessionDep,
    place: PlaceAccess,
    kind: str,
    record: Versioned,
    transaction_id: int,
    refusal: Refusal | None = None,
    status: int = 200,
) -> HTMLResponse:
    """Asks to confirm a restore, listing what it will change; or says why it cannot be done."""
    preview = restore.plan_restore(session=session, record=record, transaction_id=transaction_id)
    page = records.record_page(session=session, kind=kind, record=record)
    return _render(
        request,
        "restore",
        place,
        kind,
        record=record,
        title=records.record_title(record),
        preview=preview,
        # Refused on sending: the reasons found then; on loading: the same rules, run ahead.
        problems=refusal.problems if refusal is not None and not refusal.changed else preview.problems,
        conflict=refusal is not None and refusal.changed,
        record_url=url(request, page.route, place_slug=place.place.slug, **page.params),
        status=status,
    )


@router.get("/restore", name="history.restore_form")
def restore_form(
    request: Request,
    session: SessionDep,
    place: EditablePlace,
    kind: str,
    record_id: int,
    transaction_id: str | None = None,
) -> HTMLResponse:
    _guard(place, kind, write=True)
    record = records.get_record(session=session, place=place.place, kind=kind, record_id=record_id)
    return _restore_page(request, session, place, kind, record, _transaction_id(transaction_id))


@router.post("/restore", name="history.restore")
def restore_version(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: EditablePlace,
    kind: str,
    record_id: int,
    form: FormDataDep,
) -> Response:
    _guard(place, kind, write=True)
    record = records.get_record(session=session, place=place.place, kind=kind, record_id=record_id)
    transaction_id = _transaction_id(form.get("transaction_id"))

    def step() -> str:
        restore.restore_version(
            session=session,
            record=record,
            transaction_id=transaction_id,
            actor=user,
            expected_version=expected_version(form),
        )
        return url(request, "history.show", place_slug=place.place.slug, kind=kind, record_id=record_id)

    return confirm(
        request,
        step=step,
        flash="Earlier version restored as a new version",
        page=lambda refusal, status: _restore_page(
            request, session, place, kind, record, transaction_id, refusal, status
        ),
    )
