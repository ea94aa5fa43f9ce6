"""Listening stage: Place Standard scores, survey import, analysis and who we have heard from."""

from collections.abc import Mapping

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.form_pages import FormPage
from app.forms import FormState, parse_form
from app.models import ListeningExercise
from app.routers import choices
from app.schemas.listening import ScoreForm
from app.services.listening import analysis as listening_analysis
from app.services.listening import heard, scores, screens
from app.services.listening import service as listening
from app.services.outputs import disclosure
from app.views import EditView, StageEdit, StageRead, StageView
from app.web import screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


# --- Analysis ------------------------------------------------------------------------------------------


@router.get("/analysis/", name="listening.analysis")
def analysis(view: StageView) -> HTMLResponse:
    screen = screens.analysis_screen(**view.of)
    return view.page("listening/analysis.html", no_area=listening_analysis.NO_AREA, **screen_context(screen))


@router.get("/heard/", name="listening.heard")
def heard_page(view: StageView) -> HTMLResponse:
    hearing = heard.place_hearing(**view.of, place_name=view.place.name)
    return view.page("listening/heard.html", hearing=hearing, minimum=disclosure.MINIMUM)


@router.get("/heard/{area_id}", name="listening.heard_area")
def heard_area(view: StageView, area_id: int) -> HTMLResponse:
    area = heard.area_hearing(**view.of, area_id=area_id)
    return view.page("listening/heard_area.html", area=area, minimum=disclosure.MINIMUM)


# --- Place Standard scores -----------------------------------------------------------------------------


@router.get("/scores/", name="listening.scores")
def scores_page(view: StageView) -> HTMLResponse:
    compasses = scores.compasses(**view.of, place=view.place)
    return view.page("listening/scores.html", compasses=compasses)


def _score_page(
    view: StageRead,
    exercise: ListeningExercise,
    score_values: Mapping[str, str],
    score_errors: Mapping[str, str],
) -> FormPage[ScoreForm]:
    """The scores form: the set's fields, then one input a Place Standard theme, read outside the model."""
    return FormPage(
        template="listening/score_form.html",
        form=ScoreForm,
        context=stage_context(view.ctx, exercise=exercise),
        more=lambda: {
            "score_inputs": [
                (
                    f"score-{t.slug}",
                    t.name,
                    score_values.get(f"score-{t.slug}", ""),
                    score_errors.get(f"score-{t.slug}"),
                )
                for t in scores.place_standard_themes(session=view.session)
            ]
        },
        options=lambda: {
            "area_id": choices.areas(view),
            "basis": [("respondent", "One respondent"), ("group", "A group: these are averages")],
        },
    )


@router.get("/exercises/{exercise_id}/scores/new", name="listening.new_scores")
def new_scores(view: EditView, exercise_id: int) -> HTMLResponse:
    exercise = listening.get_exercise(**view.of, exercise_id=exercise_id)
    state = FormState[ScoreForm](values={"basis": "respondent", "respondents": "1"})
    return view.show(_score_page(view, exercise, {}, {}), state)


@router.post("/exercises/{exercise_id}/scores/new", name="listening.create_scores")
def create_scores(write: StageEdit, exercise_id: int) -> Response:
    exercise = listening.get_exercise(**write.of, exercise_id=exercise_id)
    state = parse_form(ScoreForm, write.form)
    values, errors = scores.parse_scores(write.form, scores.place_standard_themes(session=write.session))
    state.errors.update(errors)  # a score typed wrong stops the save as a field does
    typed = {k: str(v) for k, v in write.form.items() if k.startswith("score-")}

    def save(data: ScoreForm) -> str:
        scores.create_score_set(**write.by, exercise=exercise, form=data, scores=values)
        return write.url("listening.scores")

    page = _score_page(write, exercise, typed, errors)
    return write.submit(page, save=save, flash="Scores saved", parsed=state)
