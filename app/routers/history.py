"""The one history page for every versioned record, and restoring an earlier version."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.deps import SessionFactory
from app.form_pages import Refusal, confirm
from app.models import Versioned
from app.numbers_and_dates import read_whole_number
from app.services import access
from app.services.access import PlaceAccess
from app.services.records import kinds, restore, versioning
from app.services.records import lookup as records
from app.services.tensions import log as tension_log
from app.views import PlaceDraftView, PlaceEdit, PlaceEditView, PlaceRead

router = APIRouter(prefix="/places/{place_slug}/history/{kind}/{record_id}")


def _guard(place: PlaceAccess, kind: str, *, write: bool = False) -> None:
    """A kind behind the tension log answers as its own pages do."""
    spec = kinds.find(kind)
    access.require_record_kind(access=place, restricted=spec is not None and spec.restricted, write=write)


def _render(view: PlaceRead, template: str, kind: str, *, status: int = 200, **shown: Any) -> HTMLResponse:
    """A history page (``history/{template}.html``) with what each is given: the place and the kind."""
    spec = kinds.find(kind)
    noun = spec.noun if spec else kind
    return view.page(f"history/{template}.html", kind=kind, noun=noun, status_code=status, **shown)


def _record_url(view: PlaceRead, kind: str, record: Versioned) -> str:
    """The record's own page."""
    page = records.record_page(session=view.session, kind=kind, record=record)
    return view.url(page.route, **page.params)


@router.get("/", name="history.show")
def show(view: PlaceDraftView, factory: SessionFactory, kind: str, record_id: int) -> HTMLResponse:
    _guard(view.access, kind)
    found = records.history_screen(**view.of, kind=kind, record_id=record_id)
    page = _render(
        view,
        "show",
        kind,
        record=found.record,
        title=found.title,
        entries=found.entries,
        record_url=view.url(found.shown_on.route, **found.shown_on.params) if found.shown_on else None,
        deletable=found.deletable,
    )
    spec = kinds.find(kind)
    if found.record is not None and spec is not None and spec.restricted:
        # The history shows every earlier text of a tension log record: a view like any other, audited.
        what = f"Viewed the history of {spec.noun} “{found.title}”"
        tension_log.record_view(factory=factory, access=view.access, what=what)
    return page


def _delete_page(
    view: PlaceRead, kind: str, record: Versioned, refusal: Refusal, status: int = 200
) -> HTMLResponse:
    changed = "This changed while you were looking at it. Check the latest version, then choose again."
    return _render(
        view,
        "delete",
        kind,
        record=record,
        title=records.record_title(record),
        problem=changed if refusal.changed else " ".join(refusal.problems) or None,
        status=status,
    )


@router.get("/delete", name="history.delete_form")
def delete_form(view: PlaceEditView, kind: str, record_id: int) -> HTMLResponse:
    _guard(view.access, kind, write=True)
    record = records.get_deletable_record(**view.of, kind=kind, record_id=record_id)
    return _delete_page(view, kind, record, Refusal())


@router.post("/delete", name="history.delete")
def delete(write: PlaceEdit, kind: str, record_id: int) -> Response:
    _guard(write.access, kind, write=True)
    record = records.get_deletable_record(**write.of, kind=kind, record_id=record_id)

    def step() -> str:
        back = records.delete_record(
            session=write.session, record=record, actor=write.user, expected_version=write.version
        )
        return write.url(f"{back.stage}.index", strategy_slug=back.strategy_slug)

    return confirm(
        write.request,
        step=step,
        flash=f"Deleted “{records.record_title(record)}”. Its history is kept.",
        page=lambda refusal, status: _delete_page(write, kind, record, refusal, status),
    )


def _transaction_id(raw: object) -> int:
    found = read_whole_number(str(raw or ""))
    if found is None:
        raise versioning.VersionNotFound(raw)
    return found


def _restore_page(
    view: PlaceRead,
    kind: str,
    record: Versioned,
    transaction_id: int,
    refusal: Refusal | None = None,
    status: int = 200,
) -> HTMLResponse:
    """Asks to confirm a restore, listing what it will change; or says why it cannot be done."""
    preview = restore.plan_restore(session=view.session, record=record, transaction_id=transaction_id)
    return _render(
        view,
        "restore",
        kind,
        record=record,
        title=records.record_title(record),
        preview=preview,
        # Refused on sending: the reasons found then; on loading: the same rules, run ahead.
        problems=refusal.problems if refusal is not None and not refusal.changed else preview.problems,
        conflict=refusal is not None and refusal.changed,
        record_url=_record_url(view, kind, record),
        status=status,
    )


@router.get("/restore", name="history.restore_form")
def restore_form(
    view: PlaceEditView, kind: str, record_id: int, transaction_id: str | None = None
) -> HTMLResponse:
    _guard(view.access, kind, write=True)
    record = records.get_record(**view.of, kind=kind, record_id=record_id)
    return _restore_page(view, kind, record, _transaction_id(transaction_id))


@router.post("/restore", name="history.restore")
def restore_version(write: PlaceEdit, kind: str, record_id: int) -> Response:
    _guard(write.access, kind, write=True)
    record = records.get_record(**write.of, kind=kind, record_id=record_id)
    transaction_id = _transaction_id(write.form.get("transaction_id"))

    def step() -> str:
        restore.restore_version(
            session=write.session,
            record=record,
            transaction_id=transaction_id,
            actor=write.user,
            expected_version=write.version,
        )
        return write.url("history.show", kind=kind, record_id=record_id)

    return confirm(
        write.request,
        step=step,
        flash="Earlier version restored as a new version",
        page=lambda refusal, status: _restore_page(write, kind, record, transaction_id, refusal, status),
    )
