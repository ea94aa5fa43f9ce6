"""Administration: load a place's wards from ONS boundary files and their population profiles from Census
2021 tables. Each is upload, then a preview of what will change, then one confirmation saving all of it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData, UploadFile

from app.errors import FieldError
from app.form_pages import FormPage
from app.models import Place, PlaceImport, User
from app.routers.admin import AdminPlace, place_url
from app.schemas import PlaceFileForm
from app.services.geography import census, imports
from app.views import AdminEdit, AdminView

router = APIRouter(prefix="/admin/places/{place_slug}")
Files = list[tuple[str, BinaryIO]]


@dataclass(frozen=True)
class _Load:
    """One kind of file a place's data is loaded from. Its four pages are the same for every kind (the
    upload form, its check, the preview and the confirmation); what differs is what each step calls."""

    # "areas" or "census": in the page addresses, the route names, the templates and the staged file's kind.
    kind: str
    stage: Callable[[Session, Place, User, Files], PlaceImport]
    # What the preview lists.
    changes: Callable[[Session, Place, PlaceImport], Any]
    # Saves all of it; answers what the confirmation says was saved.
    confirm: Callable[[Session, Place, User, PlaceImport], str]


def _stage_areas(session: Session, place: Place, user: User, files: Files) -> PlaceImport:
    filename, stream = files[0]
    return imports.stage_areas(session=session, place=place, actor=user, stream=stream, filename=filename)


def _confirm_areas(session: Session, place: Place, user: User, staged: PlaceImport) -> str:
    changes = imports.confirm_areas(session=session, place=place, actor=user, staged=staged)
    return (
        f"Wards saved: {len(changes.added)} added, {len(changes.renamed)} renamed, "
        f"{len(changes.outlined)} with new outlines"
    )


def _confirm_census(session: Session, place: Place, user: User, staged: PlaceImport) -> str:
    changes = imports.confirm_census(session=session, place=place, actor=user, staged=staged)
    return f"Population profiles from {changes.source} saved for {len(changes.profiles)} areas"


AREAS = _Load(
    kind="areas",
    stage=_stage_areas,
    changes=lambda session, place, staged: imports.area_changes(
        session=session, place=place, wards=imports.staged_wards(staged)
    ),
    confirm=_confirm_areas,
)
CENSUS = _Load(
    kind="census",
    stage=lambda session, place, user, files: imports.stage_census(
        session=session, place=place, actor=user, files=files
    ),
    changes=lambda session, place, staged: imports.staged_census_changes(
        session=session, place=place, staged=staged
    ),
    confirm=_confirm_census,
)


def _upload_page(place: Place, kind: str) -> FormPage[PlaceFileForm]:
    return FormPage(
        template=f"admin/import_{kind}.html",
        form=PlaceFileForm,
        context={"place": place, "problems": [], "tables": census.TABLES, "nav_active": "admin"},
    )


def _problems(refusal: FieldError) -> dict[str, list[str]]:
    return {"problems": refusal.problems if isinstance(refusal, imports.ImportRefused) else []}


def _files(form: FormData) -> Files:
    files = [f for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
    if not files:
        raise FieldError("file", "Select a file")
    return [(f.filename or "", f.file) for f in files]


def _add_routes(load: _Load) -> None:
    """The upload form, its check, the preview and the confirmation of one kind of file, named after it
    (``admin.import_areas_form``, ``admin.check_areas``, ``admin.preview_areas``, ``admin.save_areas``)."""
    kind = load.kind

    def upload_form(view: AdminView, place: AdminPlace) -> HTMLResponse:
        return view.show(_upload_page(place, kind))

    def check(write: AdminEdit, place: AdminPlace) -> Response:
        def save(data: PlaceFileForm) -> str:
            staged = load.stage(write.session, place, write.user, _files(write.form))
            return write.url(f"admin.preview_{kind}", place_slug=place.slug, token=staged.token)

        return write.submit(_upload_page(place, kind), save=save, refused=_problems)

    def preview(view: AdminView, place: AdminPlace, token: str) -> HTMLResponse:
        staged = imports.get_staged(session=view.session, place=place, kind=kind, token=token)
        changes = load.changes(view.session, place, staged)
        return view.page(f"admin/preview_{kind}.html", place=place, staged=staged, changes=changes)

    def confirm(write: AdminEdit, place: AdminPlace, token: str) -> Response:
        staged = imports.get_staged(session=write.session, place=place, kind=kind, token=token)
        flash = load.confirm(write.session, place, write.user, staged)
        return write.redirect(place_url(write, place), flash=flash)

    path = f"/{kind}/import"
    router.add_api_route(path, upload_form, methods=["GET"], name=f"admin.import_{kind}_form")
    router.add_api_route(path, check, methods=["POST"], name=f"admin.check_{kind}")
    router.add_api_route(path + "/{token}", preview, methods=["GET"], name=f"admin.preview_{kind}")
    router.add_api_route(path + "/{token}", confirm, methods=["POST"], name=f"admin.save_{kind}")


for _load in (AREAS, CENSUS):
    _add_routes(_load)
