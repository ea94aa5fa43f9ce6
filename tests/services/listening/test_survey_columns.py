"""Matching a survey file's columns by names and contents: the exports of five survey tools (fixtures written
for these tests, with invented answers), identifiers never taken for what was said, near-miss areas
confirmed once for every row, the redacted preview and the CSV template."""

import io
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.models import Area, Voice
from app.services.listening import survey_columns, survey_import
from tests.conftest import World
from tests.factories import make_area

FIXTURES = Path(__file__).parents[2] / "fixtures" / "surveys"

EXPECTED = {
    "surveymonkey.csv": (
        "SurveyMonkey",
        {
            "text": "What do you like or dislike about living here?",
            "area": "Which ward do you live in?",
            "score:public-transport": "How would you rate public transport? (1 to 7)",
            "age_band": "Age",
        },
    ),
    "microsoft_forms.csv": (
        "Microsoft Forms",
        {
            "text": "Tell us what you think about your neighbourhood",
            "area": "Neighbourhood",
            "score:feeling-safe": "Feeling safe (1 to 7)",
        },
    ),
    "smart_survey.csv": (
        "Smart Survey",
        {"text": "Your views on the area", "area": "Area you live in", "gender": "Gender"},
    ),
    "citizen_space.csv": (
        "Citizen Space",
        {"text": "Do you have any comments about community life in your area?", "area": "Ward"},
    ),
    "google_forms.csv": (
        "Google Forms",
        {
            "text": "In your own words: what would make this a better place to live?",
            "area": "Where do you live?",
            "score:social-contact": "How would you rate social contact? (1 to 7)",
            "age_band": "Age",
        },
    ),
}


def _store(session: Session, world: World, content: bytes) -> survey_import.SurveyUpload:
    return survey_import.store_upload(
        session=session,
        place=world.place,
        exercise=world.exercise,
        user=world.users["officer"],
        filename="export.csv",
        stream=io.BytesIO(content),
    )


@pytest.fixture
def hillcrest(session: Session, world: World) -> Area:
    return make_area(session, place=world.place, actor=world.users["admin"], name="Hillcrest")


@pytest.mark.parametrize("name", EXPECTED)
def test_each_tools_export_is_recognised_and_matched(
    session: Session, world: World, hillcrest: Area, name: str
) -> None:
    tool, expected = EXPECTED[name]
    upload = _store(session, world, (FIXTURES / name).read_bytes())
    found = survey_import.read_columns(session=session, place=world.place, upload=upload)
    assert found.tool is not None and found.tool.name == tool
    assert found.guess == expected
    columns, problems = survey_import.clean_columns(found.guess, found.header)
    assert problems == {}
    check = survey_import.check_upload(
        session=session, place=world.place, upload=upload, columns=columns, default_kind="concern"
    )
    assert check.rows == 3


def test_surveymonkeys_second_header_row_names_the_columns(session: Session, world: World) -> None:
    upload = _store(session, world, (FIXTURES / "surveymonkey.csv").read_bytes())
    found = survey_import.read_columns(session=session, place=world.place, upload=upload)
    assert found.header[-4:] == [
        "Which of these do you use?: Library",
        "Which of these do you use?: Leisure centre",
        "Which of these do you use?: Community hall",
        "Age",
    ]
    # The second header row is not a response: the first response is the file's row 3.
    check = survey_import.check_upload(
        session=session, place=world.place, upload=upload, columns=found.guess, default_kind="concern"
    )
    assert check.preview[0]["Row"] == "3"


def test_an_id_column_is_never_what_was_said() -> None:
    header = ["Response ID", "Response", "Ward"]
    samples = {
        "Response ID": ["1", "2", "3", "4"],
        "Response": [
            "The bus never comes on time.",
            "Lovely neighbours on our road.",
            "Too much litter.",
            "No",
        ],
        "Ward": ["Northfield", "Northfield", "Hillcrest", "Hilcrest"],
    }
    guess = survey_columns.match_columns(header, samples, area_names=["Northfield", "Hillcrest"])
    assert guess == {"text": "Response", "area": "Ward"}
    # Without a name that says so, the longest free text is what was said, and numbers 1 to 7 under a Place
    # Standard theme are its scores, while the same numbers under any other name are not.
    guess = survey_columns.match_columns(
        ["Q1", "Q2", "Streets and spaces", "Q4"],
        {
            "Q1": ["17", "18", "19"],
            "Q2": ["People here look after each other.", "The high street is dying.", "Great schools."],
            "Streets and spaces": ["1", "7", "4"],
            "Q4": ["1", "7", "4"],
        },
    )
    assert guess == {"text": "Q2", "score:streets-and-spaces": "Streets and spaces"}


def test_near_misses_are_offered_once_and_confirmed_for_every_row(
    session: Session, world: World, hillcrest: Area
) -> None:
    content = (
        b"Comment,Ward\n"
        b'"The bus is late",Hilcrest\n"Lovely park",Hillcrest\n"No lights on the path",Hilcrest\n"Bins",Nowhere\n'
    )
    upload = _store(session, world, content)
    columns = {"text": "Comment", "area": "Ward"}
    check = survey_import.check_upload(
        session=session, place=world.place, upload=upload, columns=columns, default_kind="concern"
    )
    assert [(m.value, m.area_name, m.rows) for m in check.near_misses.values()] == [
        ("Hilcrest", "Hillcrest", 2)
    ]
    assert check.errors[0].message == "“Hilcrest” is not an area of this place: did you mean Hillcrest?"
    assert check.bad_rows == 3
    confirmed = {survey_columns.normal("Hilcrest"): hillcrest.id or 0}
    check = survey_import.check_upload(
        session=session,
        place=world.place,
        upload=upload,
        columns=columns,
        default_kind="concern",
        aliases=confirmed,
    )
    assert check.bad_rows == 1 and check.errors[0].message == "“Nowhere” is not an area of this place"


def test_the_preview_shows_text_as_it_will_be_stored(session: Session, world: World) -> None:
    content = b'Comment\n"My name is Sam Example, email sam@example.com, the park is lovely"\n'
    upload = _store(session, world, content)
    check = survey_import.check_upload(
        session=session, place=world.place, upload=upload, columns={"text": "Comment"}, default_kind="concern"
    )
    shown = check.preview[0]["text"]
    assert "sam@example.com" not in shown and "Sam Example" not in shown and "the park is lovely" in shown
    count = survey_import.import_upload(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        place=world.place,
        upload=upload,
        columns={"text": "Comment"},
        default_kind="concern",
        actor=world.users["officer"],
    )
    assert count == 1
    stored = session.exec(select(Voice.text).order_by(Voice.id.desc())).first()  # type: ignore[union-attr]
    assert stored == shown, "the preview is what is stored"


def test_sample_values_are_shown_with_personal_details_removed() -> None:
    shown = survey_columns.shown_samples(
        {"Comment": ["Call 07700 900123 about the hall", "x", "x", "y", "z"]}
    )
    assert shown["Comment"][1:] == ["x", "y"]
    assert "07700 900123" not in shown["Comment"][0]


def test_the_template_matches_every_field_by_itself() -> None:
    template = survey_columns.template_csv(["Northfield"])
    header = template.splitlines()[0].split(",")
    guess = survey_columns.match_columns(header)
    assert set(guess) == {key for key, _label in survey_import.TARGETS}
    assert "Northfield" in template.splitlines()[1]


def test_a_column_of_theme_names_is_the_themes_even_when_long() -> None:
    samples = {
        "Comment": [
            "The buses stop at seven so I cannot get to work.",
            "The library is the heart of it all.",
        ],
        "Ward": ["Northfield", "Riverside"],
        "Age group": ["16-24", "25-34"],
        "Themes": ["Public transport; Work and local economy", "Facilities and amenities"],
    }
    guess = survey_columns.match_columns(list(samples), samples, area_names=["Northfield", "Riverside"])
    assert guess == {"text": "Comment", "area": "Ward", "age_band": "Age group", "themes": "Themes"}


def test_each_field_is_matched_once_in_a_fixed_order() -> None:
    samples = {
        "Feeling safe": ["1", "7", "4"],
        "Where": ["Northfield", "Hilcrest", "Riverside"],
        "Ward": ["Northfield", "Riverside", "Northfield"],
        "Comment": ["The buses stop at seven in the evening.", "The library is the heart of it all."],
        "Tell us about your area": ["Quiet streets and friendly faces.", "Too many empty shops now."],
        "Type of home": ["Flat", "House", "Flat"],
        "Type": ["strength", "Ideas", "concern"],
        "Age": ["16-24", "65+"],
    }
    guess = survey_columns.match_columns(
        list(samples), samples, area_names=["Northfield", "Hillcrest", "Riverside"]
    )
    # The first column of area names is the area; a second free-text question is not matched by the word
    # "area" in its name; "Type of home" holds no kinds, so "Type" is the kind.
    assert list(guess.items()) == [
        ("score:feeling-safe", "Feeling safe"),
        ("area", "Where"),
        ("text", "Comment"),
        ("kind", "Type"),
        ("age_band", "Age"),
    ]


def test_a_column_of_scores_is_never_the_area() -> None:
    samples = {"Feeling safe": ["1", "2", "3"], "Ward name": ["1", "2", "3"]}
    guess = survey_columns.match_columns(list(samples), samples, area_names=["1", "2", "3"])
    assert guess == {"score:feeling-safe": "Feeling safe", "area": "Ward name"}


def test_without_samples_the_names_alone_decide() -> None:
    header = ["Respondent ID", "Collector ID", "Email Address", "Your comments", "Feedback", "Ward", "Kind"]
    assert survey_columns.match_columns(header) == {"text": "Your comments", "area": "Ward", "kind": "Kind"}
