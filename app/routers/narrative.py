"""The strategy's narrative: read every section, write one."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app import form_pages
from app.deps import CurrentUser, EditableStrategy, ReadableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.forms import FormState
from app.models import NarrativePart
from app.schemas import LogoForm, NarrativeForm
from app.services import logo, narrative
from app.templating import render
from app.web import FormDataDep, expected_version, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/narrative")


@router.get("/", name="narrative.index")
def index(request: Request, session: SessionDep, ctx: ReadableStrategy) -> HTMLResponse:
    parts = narrative.sections(session=session, strategy=ctx.strategy)
    shown = logo.logo_markup(session=session, place=ctx.place)
    return render(request, "narrative/index.html", stage_context(ctx, parts=parts, logo=shown))


def _page(ctx: StrategyAccess, part: NarrativePart) -> form_pages.FormPage[NarrativeForm]:
    return form_pages.FormPage(
        template="narrative/form.html", form=NarrativeForm, context=stage_context(ctx, part=part)
    )


@router.get("/{part}/edit", name="narrative.edit_form")
def edit_form(request: Request, session: SessionDep, ctx: EditableStrategy, part: str) -> HTMLResponse:
    chosen = narrative.get_part(part)
    section = narrative.get_section(session=session, strategy=ctx.strategy, part=chosen)
    values = {"body": section.body if section else ""}
    return form_pages.show(
        request, _page(ctx, chosen), FormState(values=values), version=section.version if section else None
    )


@router.post("/{part}/edit", name="narrative.edit")
def edit(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    part: str,
    form: FormDataDep,
) -> Response:
    chosen = narrative.get_part(part)
    section = narrative.get_section(session=session, strategy=ctx.strategy, part=chosen)

    def save(data: NarrativeForm) -> str:
        narrative.save_section(
            session=session,
            strategy=ctx.strategy,
            part=chosen,
            actor=user,
            form=data,
            expected_version=expected_version(form),
        )
        return url(request, "narrative.index", **strategy_ids(ctx)) + f"#{chosen.value}"

    return form_pages.submit(
        request,
        _page(ctx, chosen),
        form,
        save=save,
        flash=f"{chosen.label} saved",
        session=session,
        current_version=section.version if section else None,
    )


def _logo_page(ctx: StrategyAccess) -> form_pages.FormPage[LogoForm]:
    return form_pages.FormPage(template="narrative/logo.html", form=LogoForm, context=stage_context(ctx))


@router.get("/logo", name="narrative.logo_form")
def logo_form(request: Request, ctx: EditableStrategy) -> HTMLResponse:
    return form_pages.show(request, _logo_page(ctx), FormState(values={}))


@router.post("/logo", name="narrative.upload_logo")
def upload_logo(request: Request, session: SessionDep, ctx: EditableStrategy, form: FormDataDep) -> Response:
    def save(data: LogoForm) -> str:
        if data.remove:
            logo.remove_logo(session=session, place=ctx.place)
            return url(request, "narrative.index", **strategy_ids(ctx))
        file = form.get("logo")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FieldError("logo", "Select a PNG or SVG file")
        logo.save_logo(
            session=session,
            place=ctx.place,
            filename=file.filename,
            content=file.file.read(logo.MAX_BYTES + 1),
        )
        return url(request, "narrative.index", **strategy_ids(ctx))

    return form_pages.submit(request, _logo_page(ctx), form, save=save, flash="Logo saved")
