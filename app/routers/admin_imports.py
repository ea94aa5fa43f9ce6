"""Administration: load a place's wards from ONS boundary files and their population profiles from Census
2021 tables. Each is upload, then a preview of what will change, then one confirmation saving all of it."""

from typing import BinaryIO

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from app.deps import AdminUser, SessionDep
from app.errors import FieldError
from app.form_pages import FormPage, show, submit
from app.forms import FormState
from app.models import Place
from app.schemas import PlaceFileForm
from app.services.accounts import admin
from app.services.geography import census, imports
from app.templating import render
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/admin/places/{place_slug}")


def _upload_page(request: Request, place: Place, kind: str) -> FormPage[PlaceFileForm]:
    return FormPage(
        template=f"admin/import_{kind}.html",
        form=PlaceFileForm,
        context={"place": place, "problems": [], "tables": census.TABLES, "nav_active": "admin"},
    )


def _problems(refusal: FieldError) -> dict[str, list[str]]:
    return {"problems": refusal.problems if isinstance(refusal, imports.ImportRefused) else []}


def _files(form: FormData) -> list[tuple[str, BinaryIO]]:
    files = [f for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
    if not files:
        raise FieldError("file", "Select a file")
    return [(f.filename or "", f.file) for f in files]


@router.get("/areas/import", name="admin.import_areas_form")
def import_areas_form(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str
) -> HTMLResponse:
    place = admin.get_place(session=session, place_slug=place_slug)
    return show(request, _upload_page(request, place, "areas"), FormState(values={}))


@router.post("/areas/import", name="admin.check_areas")
def check_areas(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, form: FormDataDep
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)

    def save(data: PlaceFileForm) -> str:
        filename, stream = _files(form)[0]
        staged = imports.stage_areas(
            session=session, place=place, actor=user, stream=stream, filename=filename
        )
        return url(request, "admin.preview_areas", place_slug=place.slug, token=staged.token)

    return submit(request, _upload_page(request, place, "areas"), form, save=save, refused=_problems)


@router.get("/areas/import/{token}", name="admin.preview_areas")
def preview_areas(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, token: str
) -> HTMLResponse:
    place = admin.get_place(session=session, place_slug=place_slug)
    staged = imports.get_staged(session=session, place=place, kind="areas", token=token)
    changes = imports.area_changes(session=session, place=place, wards=imports.staged_wards(staged))
    return render(
        request,
        "admin/preview_areas.html",
        {"place": place, "staged": staged, "changes": changes, "nav_active": "admin"},
    )


@router.post("/areas/import/{token}", name="admin.save_areas")
def save_areas(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, token: str
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)
    staged = imports.get_staged(session=session, place=place, kind="areas", token=token)
    changes = imports.confirm_areas(session=session, place=place, actor=user, staged=staged)
    flash = (
        f"Wards saved: {len(changes.added)} added, {len(changes.renamed)} renamed, "
        f"{len(changes.outlined)} with new outlines"
    )
    return redirect(request, url(request, "admin.place", place_slug=place.slug), flash=flash)


@router.get("/census/import", name="admin.import_census_form")
def import_census_form(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str
) -> HTMLResponse:
    place = admin.get_place(session=session, place_slug=place_slug)
    return show(request, _upload_page(request, place, "census"), FormState(values={}))


@router.post("/census/import", name="admin.check_census")
def check_census(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, form: FormDataDep
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)

    def save(data: PlaceFileForm) -> str:
        staged = imports.stage_census(session=session, place=place, actor=user, files=_files(form))
        return url(request, "admin.preview_census", place_slug=place.slug, token=staged.token)

    return submit(request, _upload_page(request, place, "census"), form, save=save, refused=_problems)


@router.get("/census/import/{token}", name="admin.preview_census")
def preview_census(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, token: str
) -> HTMLResponse:
    place = admin.get_place(session=session, place_slug=place_slug)
    staged = imports.get_staged(session=session, place=place, kind="census", token=token)
    changes = imports.staged_census_changes(session=session, place=place, staged=staged)
    return render(
        request,
        "admin/preview_census.html",
        {"place": place, "staged": staged, "changes": changes, "nav_active": "admin"},
    )


@router.post("/census/import/{token}", name="admin.save_census")
def save_census(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, token: str
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)
    staged = imports.get_staged(session=session, place=place, kind="census", token=token)
    changes = imports.confirm_census(session=session, place=place, actor=user, staged=staged)
    flash = f"Population profiles from {changes.source} saved for {len(changes.profiles)} areas"
    return redirect(request, url(request, "admin.place", place_slug=place.slug), flash=flash)
