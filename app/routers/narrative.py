"""The strategy's narrative: read every section, write one."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.deps import StrategyAccess
from app.errors import FieldError
from app.form_pages import FormPage
from app.forms import FormState
from app.models import NarrativePart
from app.schemas import LogoForm, NarrativeForm
from app.services import logo, narrative
from app.views import EditView, PublishedView, StageEdit
from app.web import stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/narrative")


@router.get("/", name="narrative.index")
def index(view: PublishedView) -> HTMLResponse:
    parts = narrative.sections(**view.of)
    return view.page(
        "narrative/index.html", parts=parts, logo=logo.logo_markup(session=view.session, place=view.place)
    )


def _page(ctx: StrategyAccess, part: NarrativePart) -> FormPage[NarrativeForm]:
    return FormPage(template="narrative/form.html", form=NarrativeForm, context=stage_context(ctx, part=part))


@router.get("/{part}/edit", name="narrative.edit_form")
def edit_form(view: EditView, part: str) -> HTMLResponse:
    chosen = narrative.get_part(part)
    section = narrative.get_section(**view.of, part=chosen)
    values = {"body": section.body if section else ""}
    version = section.version if section else None
    return view.show(_page(view.ctx, chosen), FormState(values=values), version=version)


@router.post("/{part}/edit", name="narrative.edit")
def edit(write: StageEdit, part: str) -> Response:
    chosen = narrative.get_part(part)
    section = narrative.get_section(**write.of, part=chosen)

    def save(data: NarrativeForm) -> str:
        narrative.save_section(**write.by, part=chosen, form=data, expected_version=write.version)
        return write.url("narrative.index") + f"#{chosen.value}"

    return write.submit(
        _page(write.ctx, chosen),
        save=save,
        flash=f"{chosen.label} saved",
        current_version=section.version if section else None,
    )


@router.get("/logo", name="narrative.logo_form")
def logo_form(view: EditView) -> HTMLResponse:
    return view.show(FormPage(template="narrative/logo.html", form=LogoForm, context=stage_context(view.ctx)))


@router.post("/logo", name="narrative.upload_logo")
def upload_logo(write: StageEdit) -> Response:
    def save(data: LogoForm) -> str:
        if data.remove:
            logo.remove_logo(session=write.session, place=write.place)
            return write.url("narrative.index")
        file = write.form.get("logo")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FieldError("logo", "Select a PNG or SVG file")
        content = file.file.read(logo.MAX_BYTES + 1)
        logo.save_logo(session=write.session, place=write.place, filename=file.filename, content=content)
        return write.url("narrative.index")

    page = FormPage(template="narrative/logo.html", form=LogoForm, context=stage_context(write.ctx))
    return write.submit(page, save=save, flash="Logo saved")
