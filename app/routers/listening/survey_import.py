"""Survey import: upload a CSV export, match its columns to fields, check every row, import all or none."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.deps import CurrentUser, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.form_pages import EditView, FormPage, show, submit
from app.forms import FormState
from app.models import ListeningExercise, VoiceKind
from app.schemas.listening import SurveyUploadForm
from app.services.listening import service as listening
from app.services.listening import survey_columns, survey_import
from app.templating import render
from app.text import plural
from app.web import FormDataDep, int_or_none, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _upload_page(ctx: StrategyAccess, exercise: ListeningExercise) -> FormPage[SurveyUploadForm]:
    return FormPage(
        template="listening/upload.html", form=SurveyUploadForm, context=stage_context(ctx, exercise=exercise)
    )


def _refused(
    request: Request, ctx: StrategyAccess, exercise: ListeningExercise, problem: survey_import.UploadRefused
) -> HTMLResponse:
    """A stored upload that cannot be read after all: back to choosing a file, saying why."""
    state = FormState[SurveyUploadForm](values={}, errors={problem.field: problem.message})
    return show(request, _upload_page(ctx, exercise), state, status=400)


@router.get("/exercises/{exercise_id}/import", name="listening.upload_form")
def upload_form(view: EditView, exercise_id: int) -> HTMLResponse:
    exercise = listening.get_exercise(session=view.session, strategy=view.strategy, exercise_id=exercise_id)
    return view.show(_upload_page(view.ctx, exercise), FormState(values={}))


@router.post("/exercises/{exercise_id}/import", name="listening.upload")
def upload(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    form: FormDataDep,
) -> Response:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)

    def save(data: SurveyUploadForm) -> str:
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FieldError("file", "Select a CSV file")
        stored = survey_import.store_upload(
            session=session,
            place=ctx.place,
            exercise=exercise,
            user=user,
            filename=file.filename,
            stream=file.file,  # type: ignore[arg-type]
            size=file.size,
        )
        replaced = str(form.get("replaces") or "")
        if replaced:
            # A corrected file uploaded from the matching page: the one it replaces is not needed again.
            survey_import.discard_replaced(session=session, exercise=exercise, token=replaced)
        return url(
            request,
            "listening.match_columns",
            exercise_id=exercise_id,
            token=stored.token,
            **strategy_ids(ctx),
        )

    return submit(request, _upload_page(ctx, exercise), form, save=save)


def _columns_page(
    request: Request,
    ctx: StrategyAccess,
    exercise: ListeningExercise,
    upload: Any,
    *,
    found: survey_import.Columns,
    columns: dict[str, str],
    default_kind: str,
    errors: dict[str, str],
    check: survey_import.CheckResult | None = None,
    confirmed: dict[str, int] | None = None,
    status: int = 200,
) -> HTMLResponse:
    labels = dict(survey_import.TARGETS)
    return render(
        request,
        "listening/match_columns.html",
        stage_context(
            ctx,
            exercise=exercise,
            upload=upload,
            header=found.header,
            tool=found.tool,
            samples=survey_columns.shown_samples(found.samples),
            used_for={column: labels[key] for key, column in columns.items() if key in labels},
            targets=survey_import.TARGETS,
            columns=columns,
            default_kind=default_kind,
            kinds=[(k.value, k.label) for k in VoiceKind],
            errors=errors,
            check=check,
            confirmed=confirmed or {},
            preview_keys=["Row", *columns.keys()],
            target_labels=labels,
        ),
        status_code=status,
    )


@router.get("/exercises/{exercise_id}/import/template.csv", name="listening.import_template")
def import_template(view: EditView, exercise_id: int) -> Response:
    """A CSV file whose columns the import matches by itself, to fill in or paste an export into."""
    listening.get_exercise(session=view.session, strategy=view.strategy, exercise_id=exercise_id)
    areas = [area.name for area in listening.place_areas(session=view.session, place=view.place)]
    return Response(
        survey_columns.template_csv(areas),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="survey-import-template.csv"'},
    )


@router.get("/exercises/{exercise_id}/import/{token}/", name="listening.match_columns")
def match_columns_form(view: EditView, exercise_id: int, token: str) -> HTMLResponse:
    exercise = listening.get_exercise(session=view.session, strategy=view.strategy, exercise_id=exercise_id)
    upload = survey_import.get_upload(session=view.session, exercise=exercise, token=token)
    try:
        found = survey_import.read_columns(session=view.session, place=view.place, upload=upload)
    except survey_import.UploadRefused as problem:
        return _refused(view.request, view.ctx, exercise, problem)
    return _columns_page(
        view.request,
        view.ctx,
        exercise,
        upload,
        found=found,
        columns=found.guess,
        default_kind="concern",
        errors={},
    )


def _confirmed_areas(form: FormDataDep) -> dict[str, int]:
    """Near misses the person confirmed: ``near-N`` (the area's id, when ticked) for ``near-N-value``."""
    confirmed = {}
    for key, value in form.items():
        if key.startswith("near-") and not key.endswith("-value"):
            written = str(form.get(f"{key}-value") or "")
            area_id = int_or_none(str(value))
            if written and area_id is not None:
                confirmed[survey_columns.normal(written)] = area_id
    return confirmed


@router.post("/exercises/{exercise_id}/import/{token}/", name="listening.check_import")
def check_import(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    token: str,
    form: FormDataDep,
) -> Response:
    """Check every row with the chosen columns; import only when asked and when no row has a problem."""
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    upload = survey_import.get_upload(session=session, exercise=exercise, token=token)
    raw = {key.removeprefix("map-"): str(value) for key, value in form.items() if key.startswith("map-")}
    default_kind = str(form.get("default_kind") or "concern")
    confirmed = _confirmed_areas(form)
    try:
        found = survey_import.read_columns(session=session, place=ctx.place, upload=upload)
        columns, errors = survey_import.clean_columns(raw, found.header)
        if default_kind not in VoiceKind.__members__:
            errors["default_kind"] = "Select a kind"
        check = None
        if not errors:
            check = survey_import.check_upload(
                session=session,
                place=ctx.place,
                upload=upload,
                columns=columns,
                default_kind=default_kind,
                aliases=confirmed,
            )
        if check is not None and check.ok and form.get("action") == "import":
            count = survey_import.import_upload(
                session=session,
                strategy=ctx.strategy,
                exercise=exercise,
                place=ctx.place,
                upload=upload,
                columns=columns,
                default_kind=default_kind,
                actor=user,
                aliases=confirmed,
            )
            return redirect(
                request,
                url(request, "listening.show_exercise", exercise_id=exercise.id, **strategy_ids(ctx)),
                flash=f"{plural(count, 'response')} imported",
            )
    except survey_import.UploadRefused as problem:
        return _refused(request, ctx, exercise, problem)
    return _columns_page(
        request,
        ctx,
        exercise,
        upload,
        found=found,
        columns=columns,
        default_kind=default_kind,
        errors=errors,
        check=check,
        confirmed=confirmed,
        status=200 if check is not None and check.ok else 400,
    )
