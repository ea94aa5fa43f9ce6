"""The tension log: its list, an entry's page, adding and changing entries, and answering rumours.

Every route here takes ``TensionReadablePlace`` or ``TensionEditablePlace``: without the permission the log
does not exist (404). Every view of an entry is audited before the page is sent.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from app.deps import SessionFactory
from app.form_pages import FormPage
from app.forms import FormState
from app.models import IMPACT_WORDS, RumourResponse, TensionCategory, TensionEntry, TensionStatus
from app.numbers_and_dates import read_whole_number
from app.routers import choices
from app.schemas.tensions import LogFilters, PublicationForm, RumourResponseForm, TensionEntryForm
from app.services.access import PlaceAccess
from app.services.tensions import log, rumours, screens
from app.views import PlaceRead, PlaceWrite, TensionEdit, TensionEditView, TensionView
from app.web import screen_context

router = APIRouter(prefix="/places/{place_slug}/tensions")


@router.get("/", name="tensions.index")
def index(view: TensionView, filters: Annotated[LogFilters, Query()]) -> HTMLResponse:
    screen = screens.log_screen(**view.of, filters=filters)
    return view.page(
        "tensions/index.html",
        areas=[(str(area_id), name) for area_id, name in screen.area_names.items()],
        statuses=choices.labelled(TensionStatus),
        categories=choices.labelled(TensionCategory),
        **screen_context(screen),
    )


def _entry_page(view: PlaceRead, entry: TensionEntry | None, chosen: list[int]) -> FormPage[TensionEntryForm]:
    def options() -> dict[str, list[tuple[str, str]]]:
        areas = log.area_names(**view.of)
        return {
            "area_ids": [(str(area_id), name) for area_id, name in areas.items()],
            "impact": choices.scale(IMPACT_WORDS),
            "struggle_ids": log.struggle_choices(**view.of),
            "earlier_entry_ids": log.earlier_rumour_choices(
                **view.of,
                before=entry.observed_on if entry is not None else None,
                exclude=entry.id if entry is not None else None,
                chosen=chosen,
            ),
        }

    return FormPage(
        template="tensions/entry_form.html",
        form=TensionEntryForm,
        context=_context(view.access, entry=entry),
        options=options,
    )


def _context(place: PlaceAccess, **extra: Any) -> dict[str, Any]:
    return {"access": place, "place": place.place, "nav_active": "places", **extra}


def _chosen(form: FormData) -> list[int]:
    return [found for v in form.getlist("earlier_entry_ids") if (found := read_whole_number(str(v)))]


def _saved(write: PlaceWrite, saved: log.SavedEntry) -> Response:
    """To the entry, saying what was removed from what was typed."""
    flash = "Entry saved"
    if saved.removed:
        kinds = sorted({removal.kind.replace("_", " ") for removal in saved.removed})
        flash = f"Entry saved. Personal details were removed before saving: {', '.join(kinds)}"
    return write.redirect(write.url("tensions.show_entry", entry_id=saved.entry.id), flash=flash)


@router.get("/new", name="tensions.new_entry")
def new_entry(view: TensionEditView) -> HTMLResponse:
    values = {"status": TensionStatus.open.value}
    return view.show(_entry_page(view, None, []), FormState(values=values))


@router.post("/new", name="tensions.create_entry")
def create_entry(write: TensionEdit) -> Response:
    def save(data: TensionEntryForm) -> Response:
        return _saved(write, log.create_entry(**write.by, form=data))

    return write.submit(_entry_page(write, None, _chosen(write.form)), save=save)


@router.get("/{entry_id}/", name="tensions.show_entry")
def show_entry(view: TensionView, factory: SessionFactory, entry_id: int) -> HTMLResponse:
    screen = screens.entry_screen(**view.of, entry_id=entry_id)
    answer = view.page("tensions/entry.html", **screen_context(screen))
    what = f"Viewed tension log entry “{screen.entry.title}”"
    log.record_view(factory=factory, access=view.access, what=what)
    return answer


@router.get("/{entry_id}/edit", name="tensions.edit_entry_form")
def edit_entry_form(view: TensionEditView, entry_id: int) -> HTMLResponse:
    entry = log.get_entry(**view.of, entry_id=entry_id)
    page = _entry_page(view, entry, entry.earlier_entry_ids or [])
    return view.show_saved(page, entry, impact=str(entry.impact))


@router.post("/{entry_id}/edit", name="tensions.edit_entry")
def edit_entry(write: TensionEdit, entry_id: int) -> Response:
    entry = log.get_entry(**write.of, entry_id=entry_id)

    def save(data: TensionEntryForm) -> Response:
        return _saved(
            write, log.update_entry(**write.by, entry=entry, form=data, expected_version=write.version)
        )

    page = _entry_page(write, entry, _chosen(write.form))
    return write.submit(page, save=save, current_version=entry.version)


# --- Rumours answered ------------------------------------------------------------------------------------


def _rumour(view: PlaceRead, entry_id: int) -> TensionEntry:
    """A rumour's entry (404 for any other kind of entry)."""
    entry = log.get_entry(**view.of, entry_id=entry_id)
    if not rumours.is_rumour(entry):
        raise rumours.ResponseNotFound(entry_id)
    return entry


def _answered(view: PlaceRead, entry_id: int) -> tuple[TensionEntry, RumourResponse]:
    """A rumour's entry and its response (404 while it has none)."""
    entry = _rumour(view, entry_id)
    response = rumours.get_response(session=view.session, entry=entry)
    if response is None:
        raise rumours.ResponseNotFound(entry_id)
    return entry, response


def _response_page(view: PlaceRead, entry: TensionEntry) -> FormPage[RumourResponseForm]:
    return FormPage(
        template="tensions/response_form.html",
        form=RumourResponseForm,
        context=_context(view.access, entry=entry),
    )


@router.get("/{entry_id}/response", name="tensions.response_form")
def response_form(view: TensionEditView, entry_id: int) -> HTMLResponse:
    entry = _rumour(view, entry_id)
    response = rumours.get_response(session=view.session, entry=entry)
    values = {"draft": response.draft if response is not None else ""}
    version = response.version if response is not None else None
    return view.show(_response_page(view, entry), FormState(values=values), version=version)


@router.post("/{entry_id}/response", name="tensions.save_response")
def save_response(write: TensionEdit, entry_id: int) -> Response:
    entry = _rumour(write, entry_id)
    response = rumours.get_response(session=write.session, entry=entry)

    def save(data: RumourResponseForm) -> str:
        rumours.save_draft(
            session=write.session, entry=entry, actor=write.user, form=data, expected_version=write.version
        )
        return write.url("tensions.show_entry", entry_id=entry_id) + "#response"

    return write.submit(
        _response_page(write, entry),
        save=save,
        flash="Response draft saved. Someone else with the tension log must sign it off",
        current_version=response.version if response is not None else None,
    )


@router.post("/{entry_id}/response/sign-off", name="tensions.sign_off")
def sign_off(write: TensionEdit, entry_id: int) -> Response:
    entry = _rumour(write, entry_id)
    return write.act(
        lambda: rumours.sign_off(
            session=write.session, entry=entry, actor=write.user, expected_version=write.version
        ),
        then=write.url("tensions.show_entry", entry_id=entry_id) + "#response",
        flash="Response signed off",
        changed="The draft changed while you were reading it: read it again",
    )


def _publication_page(view: PlaceRead, entry: TensionEntry) -> FormPage[PublicationForm]:
    return FormPage(
        template="tensions/publication_form.html",
        form=PublicationForm,
        context=_context(view.access, entry=entry),
    )


@router.get("/{entry_id}/response/published", name="tensions.publication_form")
def publication_form(view: TensionEditView, entry_id: int) -> HTMLResponse:
    entry, response = _answered(view, entry_id)
    return view.show_saved(_publication_page(view, entry), response)


@router.post("/{entry_id}/response/published", name="tensions.record_publication")
def record_publication(write: TensionEdit, entry_id: int) -> Response:
    entry, response = _answered(write, entry_id)

    def save(data: PublicationForm) -> str:
        rumours.record_publication(**write.by, entry=entry, form=data, expected_version=write.version)
        return write.url("tensions.show_entry", entry_id=entry_id) + "#response"

    return write.submit(
        _publication_page(write, entry),
        save=save,
        flash="Publication recorded",
        current_version=response.version,
    )
