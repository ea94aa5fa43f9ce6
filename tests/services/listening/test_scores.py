"""Place Standard scores: each from 1 to 7, at least one a set, and compasses that weight each set by its
number of respondents."""

import pytest
from sqlmodel import Session

from app.errors import FieldError
from app.models import ScoreSet, Theme
from app.schemas.listening import ScoreForm
from app.services.listening import scores
from app.services.listening.scores import compasses, create_score_set, parse_score, parse_scores
from app.services.listening.suggestions import PLACE_STANDARD_SLUGS
from tests.conftest import World
from tests.factories import make_area, make_score_set


@pytest.fixture
def themes(session: Session) -> list[Theme]:
    return scores.place_standard_themes(session=session)


# One score


@pytest.mark.parametrize(
    ("typed", "score"),
    [("1", 1.0), ("7", 7.0), (" 4.5 ", 4.5), ("4.567", 4.57), ("3.0", 3.0)],
)
def test_a_score_from_1_to_7_is_kept_to_two_decimal_places(typed: str, score: float) -> None:
    assert parse_score(typed, "Feeling safe") == (score, None)


def test_a_blank_score_is_no_score_and_no_error() -> None:
    assert parse_score("  ", "Feeling safe") == (None, None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0.99", "Feeling safe: the score must be from 1 to 7"),
        ("7.01", "Feeling safe: the score must be from 1 to 7"),
        ("-4", "Feeling safe: the score must be from 1 to 7"),
        ("six", "Feeling safe: enter a score from 1 to 7, like 4 or 4.5"),
        ("nan", "Feeling safe: enter a score from 1 to 7, like 4 or 4.5"),
    ],
)
def test_a_score_outside_1_to_7_or_not_a_number_says_so_by_theme(typed: str, message: str) -> None:
    assert parse_score(typed, "Feeling safe") == (None, message)


# A set of scores


def test_the_place_standard_themes_are_the_fourteen_in_order(themes: list[Theme]) -> None:
    assert [theme.slug for theme in themes] == list(PLACE_STANDARD_SLUGS)
    assert len(themes) == 14


def test_a_set_keeps_the_scores_given_and_leaves_out_the_blank_ones(themes: list[Theme]) -> None:
    given, errors = parse_scores(
        {"score-feeling-safe": "2", "score-natural-space": "6.5", "score-x": "1"}, themes
    )
    assert (given, errors) == ({"feeling-safe": 2.0, "natural-space": 6.5}, {})


def test_every_bad_score_gets_its_own_error(themes: list[Theme]) -> None:
    given, errors = parse_scores(
        {"score-feeling-safe": "9", "score-natural-space": "six", "score-public-transport": "3"}, themes
    )
    assert given == {"public-transport": 3.0}
    assert set(errors) == {"score-feeling-safe", "score-natural-space"}


def test_a_set_needs_at_least_one_score(themes: list[Theme]) -> None:
    assert parse_scores({}, themes) == ({}, {f"score-{themes[0].slug}": "Enter at least one score"})
    assert parse_scores({"score-feeling-safe": None}, themes)[1] == {
        f"score-{themes[0].slug}": "Enter at least one score"
    }


def test_a_set_with_only_bad_scores_is_not_also_told_to_enter_one(themes: list[Theme]) -> None:
    assert parse_scores({"score-feeling-safe": "0"}, themes) == (
        {},
        {"score-feeling-safe": "Feeling safe: the score must be from 1 to 7"},
    )


# Saving


def _form(**values: object) -> ScoreForm:
    return ScoreForm.model_validate({"basis": "group", "respondents": 12, **values})


def _save(session: Session, world: World, form: ScoreForm) -> ScoreSet:
    return create_score_set(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        actor=world.users["officer"],
        form=form,
        scores={"feeling-safe": 2.0},
    )


def test_a_group_average_counts_its_respondents_and_one_person_counts_once(
    session: Session, world: World
) -> None:
    assert _save(session, world, _form(area_id=world.area.id)).respondents == 12
    assert _save(session, world, _form(basis="respondent")).respondents == 1


def test_the_area_must_be_one_of_the_places_own(session: Session, world: World) -> None:
    with pytest.raises(FieldError) as refused:
        _save(session, world, _form(area_id=world.other_area.id))
    assert (refused.value.field, refused.value.message) == ("area_id", "Select an area from the list")


@pytest.mark.parametrize(
    ("values", "field"),
    [({"basis": "everyone"}, "basis"), ({"respondents": 0}, "respondents")],
)
def test_the_form_knows_the_bases_and_needs_a_respondent(values: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        _form(**values)


# Compasses


def _rows(compass: scores.Compass) -> dict[str, tuple[str, str]]:
    return {theme: (here, place) for theme, here, place in compass.rows}


def test_no_scores_no_compasses(session: Session, world: World) -> None:
    assert compasses(session=session, strategy=world.strategy, place=world.place) == []


def test_a_compass_weights_each_set_by_its_respondents(session: Session, world: World) -> None:
    officer = world.users["officer"]
    make_score_set(
        session, exercise=world.exercise, actor=officer, scores={"feeling-safe": 2.0}, respondents=12
    )
    make_score_set(session, exercise=world.exercise, actor=officer, scores={"feeling-safe": 6.0})
    (place,) = compasses(session=session, strategy=world.strategy, place=world.place)
    # (12 × 2 + 1 × 6) / 13 = 2.3; a plain average of the two sets would be 4.0.
    assert _rows(place)["Feeling safe"] == ("2.3", "2.3")
    assert place.respondents == 13
    assert (place.area_id, place.name) == (scores.WHOLE_PLACE, "Northmoor (all scores)")


def test_a_theme_is_averaged_only_over_the_sets_that_scored_it(session: Session, world: World) -> None:
    officer = world.users["officer"]
    make_score_set(
        session, exercise=world.exercise, actor=officer, scores={"feeling-safe": 2.0, "natural-space": 7.0}
    )
    make_score_set(
        session, exercise=world.exercise, actor=officer, scores={"feeling-safe": 4.0}, respondents=3
    )
    (place,) = compasses(session=session, strategy=world.strategy, place=world.place)
    rows = _rows(place)
    assert rows["Natural space"][0] == "7.0", (
        "the second set has no score for it, so it does not pull it to 0"
    )
    assert rows["Feeling safe"][0] == "3.5"
    assert rows["Public transport"][0] == "No score"


def test_the_whole_place_comes_first_then_each_area_by_name_compared_with_it(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    avonside = make_area(session, place=world.place, actor=world.users["admin"], name="Avonside")
    make_score_set(
        session,
        exercise=world.exercise,
        actor=officer,
        scores={"feeling-safe": 6.0},
        respondents=2,
        area=world.area,
    )
    make_score_set(
        session, exercise=world.exercise, actor=officer, scores={"feeling-safe": 3.0}, area=avonside
    )
    make_score_set(session, exercise=world.exercise, actor=officer, scores={"feeling-safe": 1.0})
    result = compasses(session=session, strategy=world.strategy, place=world.place)
    assert [(c.name, c.respondents) for c in result] == [
        ("Northmoor (all scores)", 4),
        ("Avonside", 1),
        ("Northfield", 2),
    ]
    # Every set counts for the whole place, those without an area too: (2 × 6 + 3 + 1) / 4 = 4.0.
    assert [_rows(c)["Feeling safe"] for c in result] == [("4.0", "4.0"), ("3.0", "4.0"), ("6.0", "4.0")]
    assert "Whole place" not in result[0].svg and "Whole place" in result[1].svg
