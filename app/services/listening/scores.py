"""Place Standard scores and the compass charts drawn from them.

Rules: each score is a number from 1 (a lot of room for improvement) to 7 (very little); a score set needs
at least one; an area's compass is the average of its score sets weighted by their number of respondents
(a group average of 12 people counts 12 times); the whole place uses every set.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.errors import FieldError
from app.forms import FormInvalid, form_from_values
from app.models import Area, ListeningExercise, Place, ScoreSet, Strategy, Theme, User
from app.models.base import id_of
from app.numbers_and_dates import read_number
from app.schemas.listening import ScoreForm
from app.services.listening.suggestions import PLACE_STANDARD_SLUGS
from app.services.outputs.charts import radar_svg
from app.services.outputs.radar_summary import RadarSeries, radar_summary
from app.services.records.versioning import create_record


def restored_score_set(session: Session, record: ScoreSet, values: dict[str, Any]) -> dict[str, Any]:
    """A restore passes an earlier version's values through the form and the area check of a new set."""
    form = form_from_values(ScoreForm, values)
    try:
        _check_area(session, record.place_id, form.area_id)
    except FieldError as error:
        raise FormInvalid({error.field: error.message}) from None
    return {"area_id": form.area_id, "basis": form.basis, "respondents": _respondents(form)}


WHOLE_PLACE = 0


def place_standard_themes(*, session: Session) -> list[Theme]:
    themes = {t.slug: t for t in session.exec(select(Theme).where(col(Theme.place_id).is_(None))).all()}
    return [themes[slug] for slug in PLACE_STANDARD_SLUGS if slug in themes]


def parse_score(value: str, label: str) -> tuple[float | None, str | None]:
    """A score as typed, or the message to show. Blank means no score for that theme."""
    value = value.strip()
    if not value:
        return None, None
    number = read_number(value)
    if number is None:
        return None, f"{label}: enter a score from 1 to 7, like 4 or 4.5"
    if not 1 <= number <= 7:
        return None, f"{label}: the score must be from 1 to 7"
    return round(float(number), 2), None


def parse_scores(raw: Any, themes: list[Theme]) -> tuple[dict[str, float], dict[str, str]]:
    scores: dict[str, float] = {}
    errors: dict[str, str] = {}
    for theme in themes:
        score, error = parse_score(str(raw.get(f"score-{theme.slug}") or ""), theme.name)
        if error:
            errors[f"score-{theme.slug}"] = error
        elif score is not None:
            scores[theme.slug] = score
    if not scores and not errors:
        errors[f"score-{themes[0].slug}"] = "Enter at least one score"
    return scores, errors


def create_score_set(
    *,
    session: Session,
    strategy: Strategy,
    exercise: ListeningExercise,
    actor: User,
    form: ScoreForm,
    scores: dict[str, float],
) -> ScoreSet:
    _check_area(session, strategy.place_id, form.area_id)
    record = ScoreSet(
        place_id=strategy.place_id,
        strategy_id=id_of(strategy),
        exercise_id=id_of(exercise),
        area_id=form.area_id,
        basis=form.basis,
        respondents=_respondents(form),
        scores=scores,
    )
    return create_record(session=session, record=record, actor=actor)


def _check_area(session: Session, place_id: int, area_id: int | None) -> None:
    if area_id is None:
        return
    area = session.exec(select(Area).where(Area.id == area_id, Area.place_id == place_id)).first()
    if area is None:
        raise FieldError("area_id", "Select an area from the list")


def _respondents(form: ScoreForm) -> int:
    return form.respondents if form.basis == "group" else 1


@dataclass(frozen=True)
class Compass:
    area_id: int
    name: str
    respondents: int
    values: list[float | None]
    place_values: list[float | None]
    svg: str
    summary: str
    rows: list[tuple[str, str, str]]  # theme, this area, whole place


def _weighted(sets: Sequence[Any], slugs: list[str]) -> tuple[list[float | None], int]:
    totals: dict[str, float] = defaultdict(float)
    weights: dict[str, int] = defaultdict(int)
    for score_set in sets:
        for slug, value in (score_set.scores or {}).items():
            totals[slug] += value * score_set.respondents
            weights[slug] += score_set.respondents
    values = [round(totals[s] / weights[s], 1) if weights.get(s) else None for s in slugs]
    return values, sum(s.respondents for s in sets)


def _shown(value: float | None) -> str:
    return "No score" if value is None else f"{value:.1f}"


def compasses(*, session: Session, strategy: Strategy, place: Place) -> list[Compass]:
    """The whole place first, then each area with scores, each compared with the whole place."""
    sets = list(session.exec(select(ScoreSet).where(ScoreSet.strategy_id == strategy.id)).all())
    return compasses_of(session=session, sets=sets, place=place)


def compasses_of(*, session: Session, sets: Sequence[Any], place: Place) -> list[Compass]:
    """The compasses of these score sets (records, or versions of them as an edition holds them)."""
    themes = place_standard_themes(session=session)
    slugs = [t.slug for t in themes]
    labels = [t.name for t in themes]
    if not sets:
        return []
    by_area: dict[int, list[Any]] = defaultdict(list)
    for score_set in sets:
        by_area[score_set.area_id or WHOLE_PLACE].append(score_set)
    place_values, place_people = _weighted(sets, slugs)
    names = {a.id: a.name for a in session.exec(select(Area).where(Area.place_id == place.id)).all()}
    result = [
        _compass(
            WHOLE_PLACE,
            f"{place.name} (all scores)",
            place_values,
            place_values,
            place_people,
            labels,
            comparison=False,
        )
    ]
    for area_id in sorted((a for a in by_area if a != WHOLE_PLACE), key=lambda a: names.get(a, "")):
        values, people = _weighted(by_area[area_id], slugs)
        result.append(
            _compass(
                area_id,
                names.get(area_id, "Unknown area"),
                values,
                place_values,
                people,
                labels,
                comparison=True,
            )
        )
    return result


def _compass(
    area_id: int,
    name: str,
    values: list[float | None],
    place_values: list[float | None],
    people: int,
    labels: list[str],
    *,
    comparison: bool,
) -> Compass:
    series = [RadarSeries(name=name, values=values)]
    if comparison:
        series.append(RadarSeries(name="Whole place", values=place_values))
    return Compass(
        area_id=area_id,
        name=name,
        respondents=people,
        values=values,
        place_values=place_values,
        svg=radar_svg(title=f"Place Standard compass: {name}", labels=labels, series=series),
        summary=radar_summary(labels=labels, series=series[0]),
        rows=[
            (label, _shown(v), _shown(p)) for label, v, p in zip(labels, values, place_values, strict=True)
        ],
    )


def score_sets_of(*, session: Session, exercise: ListeningExercise) -> list[ScoreSet]:
    return list(
        session.exec(
            select(ScoreSet).where(ScoreSet.exercise_id == exercise.id).order_by(col(ScoreSet.id))
        ).all()
    )
