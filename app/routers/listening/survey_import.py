"""Survey import: upload a CSV export, match its columns to fields, check every row, import all or none."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from app.deps import StrategyAccess
from app.errors import FieldError
from app.form_pages import FormPage
from app.forms import FormState, parse_form
from app.models import ListeningExercise, VoiceKind
from app.routers import choices
from app.schemas.listening import ImportCheckForm, SurveyUploadForm
from app.services.listening import service as listening
from app.services.listening import survey_columns, survey_import
from app.text import plural
from app.views import EditView, StageEdit, StageRead
from app.web import attachment, int_or_none, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _upload_page(ctx: StrategyAccess, exercise: ListeningExercise) -> FormPage[SurveyUploadForm]:
    return FormPage(
        template="listening/upload.html", form=SurveyUploadForm, context=stage_context(ctx, exercise=exercise)
    )


def _refused(
    view: StageRead, exercise: ListeningExercise, problem: survey_import.UploadRefused
) -> HTMLResponse:
    """A stored upload that cannot be read after all: back to choosing a file, saying why."""
    state = FormState[SurveyUploadForm](values={}, errors={problem.field: problem.message})
    return view.show(_upload_page(view.ctx, exercise), state, status=400)


@router.get("/exercises/{exercise_id}/import", name="listening.upload_form")
def upload_form(view: EditView, exercise_id: int) -> HTMLResponse:
    exercise = listening.get_exercise(**view.of, exercise_id=exercise_id)
    return view.show(_upload_page(view.ctx, exercise), FormState(values={}))


@router.post("/exercises/{exercise_id}/import", name="listening.upload")
def upload(write: StageEdit, exercise_id: int) -> Response:
    exercise = listening.get_exercise(**write.of, exercise_id=exercise_id)

    def save(data: SurveyUploadForm) -> str:
        file = write.form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FieldError("file", "Select a CSV file")
        stored = survey_import.store_upload(
            session=write.session,
            place=write.place,
            exercise=exercise,
            user=write.user,
            filename=file.filename,
            stream=file.file,  # type: ignore[arg-type]
            size=file.size,
        )
        replaced = str(write.form.get("replaces") or "")
        if replaced:
            # A corrected file uploaded from the matching page: the one it replaces is not needed again.
            survey_import.discard_replaced(session=write.session, exercise=exercise, token=replaced)
        return write.url("listening.match_columns", exercise_id=exercise_id, token=stored.token)

    return write.submit(_upload_page(write.ctx, exercise), save=save)


def _columns_page(
    view: StageRead,
    exercise: ListeningExercise,
    upload: Any,
    found: survey_import.Columns,
    *,
    columns: dict[str, str],
    default_kind: str = "concern",
    confirmed: dict[str, int] | None = None,
) -> FormPage[ImportCheckForm]:
    """The upload's columns, each with the field it feeds, then (once checked) every row's problems or a
    preview of the rows as they will be stored, with the button that imports them."""
    labels = dict(survey_import.TARGETS)
    return FormPage(
        template="listening/match_columns.html",
        form=ImportCheckForm,
        context=stage_context(
            view.ctx,
            exercise=exercise,
            upload=upload,
            header=found.header,
            tool=found.tool,
            samples=survey_columns.shown_samples(found.samples),
            used_for={column: labels[key] for key, column in columns.items() if key in labels},
            targets=survey_import.TARGETS,
            columns=columns,
            default_kind=default_kind,
            kinds=choices.labelled(VoiceKind),
            check=None,
            confirmed=confirmed or {},
            preview_keys=["Row", *columns.keys()],
            target_labels=labels,
        ),
    )


@router.get("/exercises/{exercise_id}/import/template.csv", name="listening.import_template")
def import_template(view: EditView, exercise_id: int) -> Response:
    """A CSV file whose columns the import matches by itself, to fill in or paste an export into."""
    listening.get_exercise(**view.of, exercise_id=exercise_id)
    areas = [area.name for area in listening.place_areas(session=view.session, place=view.place)]
    return Response(
        survey_columns.template_csv(areas),
        media_type="text/csv; charset=utf-8",
        headers=attachment("survey-import-template.csv"),
    )


@router.get("/exercises/{exercise_id}/import/{token}/", name="listening.match_columns")
def match_columns_form(view: EditView, exercise_id: int, token: str) -> HTMLResponse:
    opened = _open(view, exercise_id, token)
    if isinstance(opened, HTMLResponse):
        return opened
    exercise, upload, found = opened
    return view.show(_columns_page(view, exercise, upload, found, columns=found.guess))


def _open(
    view: StageRead, exercise_id: int, token: str
) -> tuple[ListeningExercise, Any, survey_import.Columns] | HTMLResponse:
    """The exercise, its stored upload and the upload's columns; or the upload page again with why the
    file cannot be read."""
    exercise = listening.get_exercise(**view.of, exercise_id=exercise_id)
    upload = survey_import.get_upload(session=view.session, exercise=exercise, token=token)
    try:
        return (
            exercise,
            upload,
            survey_import.read_columns(session=view.session, place=view.place, upload=upload),
        )
    except survey_import.UploadRefused as problem:
        return _refused(view, exercise, problem)


def _confirmed_areas(form: FormData) -> dict[str, int]:
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
def check_import(write: StageEdit, exercise_id: int, token: str) -> Response:
    """Check every row with the chosen columns (the form flow's 400 while a column or a row has a problem);
    import all of them only when asked and when no row has a problem."""
    opened = _open(write, exercise_id, token)
    if isinstance(opened, HTMLResponse):
        return opened
    exercise, upload, found = opened
    raw = {key.removeprefix("map-"): str(v) for key, v in write.form.items() if key.startswith("map-")}
    columns, column_errors = survey_import.clean_columns(raw, found.header)
    state = parse_form(ImportCheckForm, write.form)
    state.errors.update(column_errors)  # a column matched wrong stops the check as a field does
    confirmed = _confirmed_areas(write.form)
    typed_kind = str(write.form.get("default_kind") or "concern")
    page = _columns_page(
        write, exercise, upload, found, columns=columns, default_kind=typed_kind, confirmed=confirmed
    )

    def save(data: ImportCheckForm) -> Response:
        try:
            check = survey_import.check_upload(
                session=write.session,
                place=write.place,
                upload=upload,
                columns=columns,
                default_kind=data.default_kind.value,
                aliases=confirmed,
            )
            if not check.ok or write.form.get("action") != "import":
                # Every row's problems (nothing can be imported: 400), or the preview to import from.
                return write.show(page, state, check=check, status=200 if check.ok else 400)
            count = survey_import.import_upload(
                **write.by,
                exercise=exercise,
                place=write.place,
                upload=upload,
                columns=columns,
                default_kind=data.default_kind.value,
                aliases=confirmed,
            )
        except survey_import.UploadRefused as problem:
            return _refused(write, exercise, problem)
        target = write.url("listening.show_exercise", exercise_id=exercise.id)
        return write.redirect(target, flash=f"{plural(count, 'response')} imported")

    return write.submit(page, save=save, parsed=state)
