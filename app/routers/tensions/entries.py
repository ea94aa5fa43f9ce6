"""The tension log: its list, an entry's page, adding and changing entries, and answering rumours.

Every route here takes ``TensionReadablePlace`` or ``TensionEditablePlace``: without the permission the log
does not exist (404). Every view of an entry is audited before the page is sent.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, SessionDep, SessionFactory, TensionEditablePlace, TensionReadablePlace
from app.form_pages import FormPage, show, submit
from app.forms import FormState, initial_values, read_whole_number
from app.models import TensionCategory, TensionEntry, TensionStatus
from app.schemas.tensions import PublicationForm, RumourResponseForm, TensionEntryForm
from app.services.access import PlaceAccess
from app.services.records.versioning import VersionConflict
from app.services.tensions import log, rumours
from app.templating import render
from app.web import FormDataDep, expected_version, int_or_none, redirect, url

router = APIRouter(prefix="/places/{place_slug}/tensions")

IMPACT = [
    (str(n), f"{n}: {text}")
    for n, text in [(1, "little"), (2, "some"), (3, "serious"), (4, "very serious"), (5, "severe")]
]


def _context(place: PlaceAccess, **extra: Any) -> dict[str, Any]:
    return {"access": place, "place": place.place, "nav_active": "places", **extra}


@router.get("/", name="tensions.index")
def index(
    request: Request,
    session: SessionDep,
    place: TensionReadablePlace,
    status: str | None = None,
    category: str | None = None,
    area: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    filters = log.LogFilters(
        status=status if status in TensionStatus.__members__ else None,
        category=category if category in TensionCategory.__members__ else None,
        area_id=int_or_none(area),
        page=read_whole_number(page or "1", low=1, high=100_000) or 1,
    )
    areas = log.area_names(session=session, place=place.place)
    return render(
        request,
        "tensions/index.html",
        _context(
            place,
            log_page=log.list_entries(session=session, place=place.place, filters=filters),
            filters=filters,
            area_names=areas,
            areas=[(str(area_id), name) for area_id, name in areas.items()],
            statuses=[(s.value, s.label) for s in TensionStatus],
            categories=[(c.value, c.label) for c in TensionCategory],
        ),
    )


def _entry_page(
    session: SessionDep, place: PlaceAccess, entry: TensionEntry | None, chosen: list[int]
) -> FormPage[TensionEntryForm]:
    def options() -> dict[str, list[tuple[str, str]]]:
        areas = log.area_names(session=session, place=place.place)
        return {
            "area_ids": [(str(area_id), name) for area_id, name in areas.items()],
            "impact": IMPACT,
            "struggle_ids": log.struggle_choices(session=session, place=place.place),
            "earlier_entry_ids": log.earlier_rumour_choices(
                session=session,
                place=place.place,
                before=entry.observed_on if entry is not None else None,
                exclude=entry.id if entry is not None else None,
                chosen=chosen,
            ),
        }

    return FormPage(
        template="tensions/entry_form.html",
        form=TensionEntryForm,
        context=_context(place, entry=entry),
        options=options,
    )


def _chosen(form: Any) -> list[int]:
    return [found for v in form.getlist("earlier_entry_ids") if (found := read_whole_number(str(v)))]


def _saved_flash(saved: log.SavedEntry) -> str:
    if saved.removed:
        kinds = sorted({removal.kind.replace("_", " ") for removal in saved.removed})
        return f"Entry saved. Personal details were removed before saving: {', '.join(kinds)}"
    return "Entry saved"


@router.get("/new", name="tensions.new_entry")
def new_entry(request: Request, session: SessionDep, place: TensionEditablePlace) -> HTMLResponse:
    values = {"status": TensionStatus.open.value}
    return show(request, _entry_page(session, place, None, []), FormState(values=values))


@router.post("/new", name="tensions.create_entry")
def create_entry(
    request: Request, session: SessionDep, user: CurrentUser, place: TensionEditablePlace, form: FormDataDep
) -> Response:
    def save(data: TensionEntryForm) -> Response:
        saved = log.create_entry(session=session, place=place.place, actor=user, form=data)
        target = url(request, "tensions.show_entry", place_slug=place.place.slug, entry_id=saved.entry.id)
        return redirect(request, target, flash=_saved_flash(saved))

    return submit(request, _entry_page(session, place, None, _chosen(form)), form, save=save)


@router.get("/{entry_id}/", name="tensions.show_entry")
def show_entry(
    request: Request,
    session: SessionDep,
    factory: SessionFactory,
    place: TensionReadablePlace,
    entry_id: int,
) -> HTMLResponse:
    entry = log.get_entry(session=session, place=place.place, entry_id=entry_id)
    page = render(
        request,
        "tensions/entry.html",
        _context(
            place,
            entry=entry,
            area_names=log.area_names(session=session, place=place.place),
            struggles=log.struggle_titles(session=session, ids=entry.struggle_ids or []),
            linked=log.linked_entries(session=session, place=place.place, entry=entry),
            response=rumours.response_view(session=session, place=place.place, entry=entry),
            is_rumour=rumours.is_rumour(entry),
        ),
    )
    log.record_view(factory=factory, access=place, what=f"Viewed tension log entry “{entry.title}”")
    return page


@router.get("/{entry_id}/edit", name="tensions.edit_entry_form")
def edit_entry_form(
    request: Request, session: SessionDep, place: TensionEditablePlace, entry_id: int
) -> HTMLResponse:
    entry = log.get_entry(session=session, place=place.place, entry_id=entry_id)
    values = initial_values(TensionEntryForm, entry)
    values["impact"] = str(entry.impact)
    page = _entry_page(session, place, entry, entry.earlier_entry_ids or [])
    return show(request, page, FormState(values=values), version=entry.version)


@router.post("/{entry_id}/edit", name="tensions.edit_entry")
def edit_entry(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: TensionEditablePlace,
    entry_id: int,
    form: FormDataDep,
) -> Response:
    entry = log.get_entry(session=session, place=place.place, entry_id=entry_id)

    def save(data: TensionEntryForm) -> Response:
        saved = log.update_entry(
            session=session,
            place=place.place,
            entry=entry,
            actor=user,
            form=data,
            expected_version=expected_version(form),
        )
        target = url(request, "tensions.show_entry", place_slug=place.place.slug, entry_id=entry_id)
        return redirect(request, target, flash=_saved_flash(saved))

    return submit(
        request,
        _entry_page(session, place, entry, _chosen(form)),
        form,
        save=save,
        session=session,
        current_version=entry.version,
    )


# --- Rumours answered ------------------------------------------------------------------------------------


def _rumour(session: SessionDep, place: PlaceAccess, entry_id: int) -> TensionEntry:
    entry = log.get_entry(session=session, place=place.place, entry_id=entry_id)
    if not rumours.is_rumour(entry):
        raise rumours.ResponseNotFound(entry_id)
    return entry


def _response_page(place: PlaceAccess, entry: TensionEntry) -> FormPage[RumourResponseForm]:
    return FormPage(
        template="tensions/response_form.html", form=RumourResponseForm, context=_context(place, entry=entry)
    )


@router.get("/{entry_id}/response", name="tensions.response_form")
def response_form(
    request: Request, session: SessionDep, place: TensionEditablePlace, entry_id: int
) -> HTMLResponse:
    entry = _rumour(session, place, entry_id)
    response = rumours.get_response(session=session, entry=entry)
    values = {"draft": response.draft if response is not None else ""}
    version = response.version if response is not None else None
    return show(request, _response_page(place, entry), FormState(values=values), version=version)


@router.post("/{entry_id}/response", name="tensions.save_response")
def save_response(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: TensionEditablePlace,
    entry_id: int,
    form: FormDataDep,
) -> Response:
    entry = _rumour(session, place, entry_id)
    response = rumours.get_response(session=session, entry=entry)

    def save(data: RumourResponseForm) -> str:
        rumours.save_draft(
            session=session, entry=entry, actor=user, form=data, expected_version=expected_version(form)
        )
        return (
            url(request, "tensions.show_entry", place_slug=place.place.slug, entry_id=entry_id) + "#response"
        )

    return submit(
        request,
        _response_page(place, entry),
        form,
        save=save,
        flash="Response draft saved. Someone else with the tension log must sign it off",
        session=session,
        current_version=response.version if response is not None else None,
    )


@router.post("/{entry_id}/response/sign-off", name="tensions.sign_off")
def sign_off(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: TensionEditablePlace,
    entry_id: int,
    form: FormDataDep,
) -> Response:
    entry = _rumour(session, place, entry_id)
    back = url(request, "tensions.show_entry", place_slug=place.place.slug, entry_id=entry_id) + "#response"
    try:
        rumours.sign_off(session=session, entry=entry, actor=user, expected_version=expected_version(form))
    except rumours.SignOffRefused as refused:
        return redirect(request, back, flash=refused.message, warning=True)
    except VersionConflict:
        return redirect(
            request, back, flash="The draft changed while you were reading it: read it again", warning=True
        )
    return redirect(request, back, flash="Response signed off")


def _publication_page(place: PlaceAccess, entry: TensionEntry) -> FormPage[PublicationForm]:
    return FormPage(
        template="tensions/publication_form.html", form=PublicationForm, context=_context(place, entry=entry)
    )


@router.get("/{entry_id}/response/published", name="tensions.publication_form")
def publication_form(
    request: Request, session: SessionDep, place: TensionEditablePlace, entry_id: int
) -> HTMLResponse:
    entry = _rumour(session, place, entry_id)
    response = rumours.get_response(session=session, entry=entry)
    if response is None:
        raise rumours.ResponseNotFound(entry_id)
    values = initial_values(PublicationForm, response)
    return show(request, _publication_page(place, entry), FormState(values=values), version=response.version)


@router.post("/{entry_id}/response/published", name="tensions.record_publication")
def record_publication(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: TensionEditablePlace,
    entry_id: int,
    form: FormDataDep,
) -> Response:
    entry = _rumour(session, place, entry_id)
    response = rumours.get_response(session=session, entry=entry)
    if response is None:
        raise rumours.ResponseNotFound(entry_id)

    def save(data: PublicationForm) -> str:
        rumours.record_publication(
            session=session,
            place=place.place,
            entry=entry,
            actor=user,
            form=data,
            expected_version=expected_version(form),
        )
        return (
            url(request, "tensions.show_entry", place_slug=place.place.slug, entry_id=entry_id) + "#response"
        )

    return submit(
        request,
        _publication_page(place, entry),
        form,
        save=save,
        flash="Publication recorded",
        session=session,
        current_version=response.version,
    )
