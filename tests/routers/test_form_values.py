"""Values that look like numbers or dates but must not be kept: NaN, infinities, 1e309 and 31/12/9999.

Every numeric and date field of every form refuses them with 400 and the field's own message, shows what
was typed again and saves nothing. The tables below name every such field; the first test fails when a form
gains a numeric or date field that is not in them."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel
from sqlmodel import Session, SQLModel, func, select

import app.schemas
import app.schemas.listening
import app.schemas.mapping
import app.schemas.plan
import app.schemas.progress
from app.models import (
    Action,
    ActionUpdate,
    Area,
    Edition,
    Indicator,
    ListeningExercise,
    Measurement,
    Membership,
    ScoreSet,
    Strategy,
    Struggle,
    Voice,
)
from app.models.base import id_of
from tests.conftest import World
from tests.pages import check_page

NOT_NUMBERS = ["NaN", "nan", "-Infinity", "inf", "Infinity", "²"]
TOO_LARGE = "1e309"


@dataclass(frozen=True)
class FormCase:
    """One form: where it is posted, by whom, a valid submission and the table its records go to."""

    route: str
    params: Callable[[World], dict[str, Any]]
    persona: str
    valid: Callable[[World], dict[str, Any]]
    record: type[SQLModel]  # the table a save adds a row to; for an edit, the row whose version it raises


def _strategy(world: World) -> dict[str, Any]:
    return {"place_slug": world.place.slug, "strategy_slug": world.strategy.slug}


def _dates(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


CASES: dict[str, FormCase] = {
    "AreaForm": FormCase(
        "admin.create_area",
        lambda w: {"place_slug": w.place.slug},
        "admin",
        lambda w: {"name": "Hillcrest", "population": "8000"},
        Area,
    ),
    "MembershipForm": FormCase(
        "admin.add_membership",
        lambda w: {"place_slug": w.place.slug},
        "admin",
        lambda w: {"user_id": str(id_of(w.users["other_place_officer"])), "role": "councillor"},
        Membership,
    ),
    "ActionForm": FormCase(
        "plan.create_action",
        _strategy,
        "officer",
        lambda w: {
            "title": "Open iftar programme",
            "status": "on_track",
            "lead_organisation": "Faith forum",
            "weight": "1",
            "priority_id": str(w.priority.id),
            "parent_id": str(w.action.id),
            **_dates("start_date", date(2026, 5, 1)),
            **_dates("end_date", date(2027, 3, 31)),
            "budget": "£12,000",
        },
        Action,
    ),
    "IndicatorForm": FormCase(
        "plan.create_indicator",
        _strategy,
        "officer",
        lambda w: {
            "name": "People who mix",
            "kind": "population",
            "unit": "%",
            "polarity": "higher",
            "baseline_value": "40",
            **_dates("baseline_date", date(2026, 3, 31)),
            "target_value": "50",
            **_dates("target_date", date(2029, 3, 31)),
            "priority_id": str(w.priority.id),
        },
        Indicator,
    ),
    "UpdateForm": FormCase(
        "progress.create_update",
        lambda w: {**_strategy(w), "action_id": w.action.id},
        "officer",
        lambda w: {
            **_dates("period_end", date(2026, 6, 30)),
            "status": "on_track",
            "percent_complete": "35",
            "what_happened": "Two open iftars held",
            "spent": "2,500",
        },
        ActionUpdate,
    ),
    "MeasurementForm": FormCase(
        "progress.create_measurement",
        lambda w: {**_strategy(w), "indicator_id": w.indicator.id},
        "officer",
        lambda w: {
            **_dates("measured_on", date(2027, 3, 31)),
            "value": "74",
            "sample_size": "600",
            "ci_low": "70",
            "ci_high": "78",
            "confirm_history": "on",
        },
        Measurement,
    ),
    "ExerciseForm": FormCase(
        "listening.create_exercise",
        _strategy,
        "officer",
        lambda w: {
            "title": "Riverside walkabout",
            "method": "walkabout",
            **_dates("start_date", date(2026, 6, 12)),
            **_dates("end_date", date(2026, 6, 13)),
            "area_ids": [str(w.area.id)],
            "consent_basis": "public_task",
            "participants": "18",
            "profile-age_band-1": "11",
        },
        ListeningExercise,
    ),
    "VoiceForm": FormCase(
        "listening.add_voice",
        lambda w: {**_strategy(w), "exercise_id": w.exercise.id},
        "officer",
        lambda w: {"text": "The park feels safer now", "kind": "strength", "area_id": str(w.area.id)},
        Voice,
    ),
    "ScoreForm": FormCase(
        "listening.create_scores",
        lambda w: {**_strategy(w), "exercise_id": w.exercise.id},
        "officer",
        lambda w: {
            "basis": "group",
            "respondents": "12",
            "area_id": str(w.area.id),
            "score-feeling-safe": "4.5",
        },
        ScoreSet,
    ),
    "StruggleForm": FormCase(
        "mapping.create_record",
        lambda w: {**_strategy(w), "records": "struggles"},
        "officer",
        lambda w: {
            "title": "Tension over parking",
            "severity": "3",
            "trend": "stable",
            "area_ids": [str(w.area.id)],
            "theme_ids": ["1"],
            "data_sources": "Police recorded hate crime, 31/03/2026",
        },
        Struggle,
    ),
    "StrategyForm": FormCase(
        "strategies.edit",
        _strategy,
        "officer",
        lambda w: {
            "title": "Cohesion strategy",
            **_dates("start_date", date(2026, 4, 1)),
            **_dates("end_date", date(2029, 3, 31)),
            "status": "draft",
            "version": str(w.strategy.version),
        },
        Strategy,
    ),
    "EditionForm": FormCase(
        "editions.publish",
        lambda w: {**_strategy(w), "stage": "plan"},
        "officer",
        lambda w: {"title": "Action plan, approved by Cabinet", **_dates("decided_on", date(2026, 3, 12))},
        Edition,
    ),
}

# Field -> (message for what is not a number, message for 1e309). Fields chosen from a list say "Select".
NUMERIC_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("AreaForm", "population"): (
        "Population (optional) must be a number",
        "Population (optional) must be 10,000,000 or less",
    ),
    ("MembershipForm", "user_id"): ("Select a person", "Select a person"),
    ("ActionForm", "weight"): (
        "Weight within the larger action must be a number",
        "Weight within the larger action must be 100 or less",
    ),
    ("ActionForm", "budget"): (
        "Budget in pounds (optional) must be a number",
        "Budget in pounds (optional) must be 1,000,000,000 or less",
    ),
    ("ActionForm", "priority_id"): ("Select priority (optional)", "Select priority (optional)"),
    ("ActionForm", "parent_id"): (
        "Select part of a larger action (optional)",
        "Select part of a larger action (optional)",
    ),
    ("IndicatorForm", "baseline_value"): (
        "Baseline value (optional) must be a number",
        "Baseline value (optional) must be 1,000,000,000,000 or less",
    ),
    ("IndicatorForm", "target_value"): (
        "Target value (optional) must be a number",
        "Target value (optional) must be 1,000,000,000,000 or less",
    ),
    ("IndicatorForm", "priority_id"): ("Select priority (optional)", "Select priority (optional)"),
    ("UpdateForm", "percent_complete"): (
        "Percent complete must be a number",
        "Percent complete must be 100 or less",
    ),
    ("UpdateForm", "spent"): (
        "Spent so far, in pounds (optional) must be a number",
        "Spent so far, in pounds (optional) must be 1,000,000,000 or less",
    ),
    ("MeasurementForm", "value"): ("Value must be a number", "Value must be 1,000,000,000,000 or less"),
    ("MeasurementForm", "sample_size"): (
        "Sample size (optional) must be a number",
        "Sample size (optional) must be 10,000,000 or less",
    ),
    ("MeasurementForm", "ci_low"): (
        "Confidence interval from (optional) must be a number",
        "Confidence interval from (optional) must be 1,000,000,000,000 or less",
    ),
    ("MeasurementForm", "ci_high"): (
        "Confidence interval to (optional) must be a number",
        "Confidence interval to (optional) must be 1,000,000,000,000 or less",
    ),
    ("ExerciseForm", "participants"): (
        "Number of participants (optional) must be a number",
        "Number of participants (optional) must be 1,000,000 or less",
    ),
    ("VoiceForm", "area_id"): ("Select area (optional)", "Select area (optional)"),
    ("ScoreForm", "area_id"): ("Select area (optional)", "Select area (optional)"),
    ("ScoreForm", "respondents"): (
        "Number of respondents must be a number",
        "Number of respondents must be 100,000 or less",
    ),
    ("StruggleForm", "severity"): ("Select how severe it is", "Severity must be 5 or less"),
    # Read by the services, outside the form models, with the same reader.
    ("ScoreForm", "score-feeling-safe"): (
        "Feeling safe: enter a score from 1 to 7, like 4 or 4.5",
        "Feeling safe: the score must be from 1 to 7",
    ),
    ("ExerciseForm", "profile-age_band-1"): (
        "Age, 16-24: enter a whole number, like 12",
        "Age, 16-24: enter a whole number, like 12",
    ),
}
DATE_FIELDS = {
    ("StrategyForm", "start_date"),
    ("StrategyForm", "end_date"),
    ("EditionForm", "decided_on"),
    ("ActionForm", "start_date"),
    ("ActionForm", "end_date"),
    ("IndicatorForm", "baseline_date"),
    ("IndicatorForm", "target_date"),
    ("UpdateForm", "period_end"),
    ("MeasurementForm", "measured_on"),
    ("ExerciseForm", "start_date"),
    ("ExerciseForm", "end_date"),
}


def _form_models() -> dict[str, type[BaseModel]]:
    models = {}
    for module in (
        app.schemas,
        app.schemas.listening,
        app.schemas.mapping,
        app.schemas.plan,
        app.schemas.progress,
    ):
        for name, model in inspect.getmembers(module, inspect.isclass):
            if issubclass(model, BaseModel) and name.endswith("Form") and model.__module__ == module.__name__:
                models[name] = model
    return models


def _kinds(annotation: Any) -> set[Any]:
    """The types a field holds; a list of ids is a set of choices (tests/routers/test_cross_place_ids.py)."""
    if get_origin(annotation) is list:
        return {list}
    return {annotation, *get_args(annotation)}


def test_every_numeric_and_date_field_of_every_form_is_checked_here() -> None:
    numeric, dates = set(), set()
    for form, model in _form_models().items():
        for name, info in model.model_fields.items():
            if _kinds(info.annotation) & {int, float}:
                numeric.add((form, name))
            if date in _kinds(info.annotation):
                dates.add((form, name))
    assert numeric <= set(NUMERIC_FIELDS), f"numeric fields with no case: {numeric - set(NUMERIC_FIELDS)}"
    assert dates == DATE_FIELDS, f"date fields with no case: {dates - DATE_FIELDS}"


def _saved(session: Session, world: World, record: type[SQLModel]) -> int:
    """What a save changes: the number of rows, or for the strategy (an edit) its version."""
    session.expire_all()
    if record is Strategy:
        return world.strategy.version
    return int(session.exec(select(func.count()).select_from(record)).one())


def _post(app, client_for, world: World, case: FormCase, data: dict[str, Any]):  # type: ignore[no-untyped-def]
    client = client_for(case.persona)
    path = app.url_path_for(case.route, **{k: str(v) for k, v in case.params(world).items()})
    return client.post_form(path, data)


@pytest.mark.parametrize(("form", "field"), sorted(NUMERIC_FIELDS))
def test_a_number_that_is_not_finite_or_too_large_is_refused_by_its_field(  # type: ignore[no-untyped-def]
    app, client_for, world: World, session: Session, form: str, field: str
) -> None:
    case = CASES[form]
    not_a_number, too_large = NUMERIC_FIELDS[(form, field)]
    model = _form_models()[form]
    info = model.model_fields.get(field)
    extra = info.json_schema_extra if info is not None and isinstance(info.json_schema_extra, dict) else {}
    shown_back = extra.get("widget") not in ("select", "radios")  # a choice is not shown back as text
    before = _saved(session, world, case.record)
    for typed, message in [*((value, not_a_number) for value in NOT_NUMBERS), (TOO_LARGE, too_large)]:
        response = _post(app, client_for, world, case, {**case.valid(world), field: typed})
        assert response.status_code == 400, f"{field}={typed!r}: {response.status_code}"
        page = check_page(response)
        assert message in page.errors, f"{field}={typed!r}: {page.errors}"
        if shown_back:
            assert page.value(field) == typed, "what was typed is shown again"
        assert _saved(session, world, case.record) == before, "nothing is saved"
    response = _post(app, client_for, world, case, case.valid(world))
    assert response.status_code == 303, "the same form with a good value is saved"
    assert _saved(session, world, case.record) == before + 1


@pytest.mark.parametrize(("form", "field"), sorted(DATE_FIELDS))
def test_a_date_outside_1900_to_2100_is_refused_by_its_field(  # type: ignore[no-untyped-def]
    app, client_for, world: World, session: Session, form: str, field: str
) -> None:
    case = CASES[form]
    label = _form_models()[form].model_fields[field].title
    before = _saved(session, world, case.record)
    for typed in (date(9999, 12, 31), date(1899, 12, 31), date(2101, 1, 1)):
        response = _post(app, client_for, world, case, {**case.valid(world), **_dates(field, typed)})
        assert response.status_code == 400, f"{field}={typed}: {response.status_code}"
        page = check_page(response)
        assert f"{label} must be between 1900 and 2100" in page.errors, page.errors
        assert page.value(f"{field}-year") == str(typed.year), "what was typed is shown again"
        assert _saved(session, world, case.record) == before, "nothing is saved"
    response = _post(app, client_for, world, case, case.valid(world))
    assert response.status_code == 303, "the same form with a good date is saved"
    assert _saved(session, world, case.record) == before + 1


def test_dates_typed_in_text_are_held_to_the_same_years(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
    page = check_page(
        officer.post_form(
            f"{base}/plan/actions/new",
            {**CASES["ActionForm"].valid(world), "milestones": "Venue booked, 31/12/9999"},
        )
    )
    assert page.errors == ["Milestone line 1: the due date must be between 1900 and 2100"]
    page = check_page(
        officer.post_form(
            f"{base}/mapping/struggles/new",
            {**CASES["StruggleForm"].valid(world), "data_sources": "Census, 31/12/9999"},
        )
    )
    assert page.errors == ["Line 1 of the data sources: the date must be between 1900 and 2100"]
    assert session.exec(select(func.count()).select_from(Struggle)).one() == 1, "only the world's struggle"


def test_imported_figures_are_held_to_the_figure_form(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    url = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/progress/indicators/{world.indicator.id}/figures/import"
    figures = (
        "date,value,sample size\n"
        "30/06/2026,NaN,\n"
        "30/09/2026,-Infinity,\n"
        "31/12/2026,1e309,\n"
        "31/12/9999,70,\n"
        "31/03/2027,70,²\n"
        "30/06/2027,72,800\n"
    )
    page = check_page(officer.post_form(url, {"figures": figures, "confirm_history": "on"}))
    assert page.status == 400
    assert page.texts("#row-errors tbody tr") == [
        "2 “NaN” is not a number",
        "3 “-Infinity” is not a number",
        "4 Value must be 1,000,000,000,000 or less",
        "5 Date must be between 1900 and 2100",
        "6 Sample size (optional) must be a number",
    ]
    assert "1e309" in str(page.soup.select_one("#figures").get_text()), "what was pasted is shown again"
    assert session.exec(select(Measurement)).first() is None


def test_the_timeline_draws_the_widest_dates_allowed(  # type: ignore[no-untyped-def]
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    url = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/plan/timeline/"
    response = officer.post_form(
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}/plan/actions/new",
        {
            **CASES["ActionForm"].valid(world),
            "title": "Longest action",
            **_dates("start_date", date(1900, 1, 1)),
            **_dates("end_date", date(2100, 12, 31)),
            "milestones": "First, 01/01/1900\nLast, 31/12/2100, done",
        },
    )
    assert response.status_code == 303, "the first and last days of the range are kept"
    page = check_page(officer.get(url))
    years = page.texts("svg text[fill='#505a5f']")
    assert years[0] == "1900" and years[-1] == "2100"
    assert len(years) <= 14, "year labels thin out rather than overlap"
    assert len(page.select("svg polygon")) == 2


def test_the_timeline_draws_a_date_saved_before_dates_were_limited(  # type: ignore[no-untyped-def]
    client_for, world: World, session: Session
) -> None:
    url = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/plan/timeline/"
    world.action.end_date = date(9999, 12, 31)
    world.action.milestones = [{"title": "Far off", "due": "9999-12-31", "done": False}]
    session.add(world.action)
    session.commit()
    page = check_page(client_for("officer").get(url))
    assert page.status == 200
    assert "December 9999" in page.text("svg desc")


def test_api_numbers_in_the_query_are_finite_whole_numbers(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = client_for("officer")
    for typed in ("NaN", "-Infinity", "inf", "1e309", "²", "99999999999999999999"):
        response = officer.get(f"/api/v1/places?page={typed}&page_size=10")
        assert response.status_code == 422, f"page={typed}: {response.status_code}"
        assert [(e["location"], e["name"]) for e in response.json()["errors"]] == [("query", "page")]
