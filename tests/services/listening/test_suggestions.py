"""Theme suggestions say why they were made, prefer phrases to words, and learn from confirmed voices."""

import io
import json
from pathlib import Path

import pytest

from app.services.listening.redaction import MARKERS
from app.services.listening.suggestion_eval import EXAMPLES_PATH, evaluate, load_examples
from app.services.listening.suggestions import (
    DEFAULT_THEMES,
    PLACE_STANDARD_SLUGS,
    Example,
    ThemeInfo,
    run_cli,
    suggest_themes,
)

EXPECTED_THEMES = [
    ("moving-around", "Moving around"),
    ("public-transport", "Public transport"),
    ("traffic-and-parking", "Traffic and parking"),
    ("streets-and-spaces", "Streets and spaces"),
    ("natural-space", "Natural space"),
    ("play-and-recreation", "Play and recreation"),
    ("facilities-and-amenities", "Facilities and amenities"),
    ("work-and-local-economy", "Work and local economy"),
    ("housing-and-community", "Housing and community"),
    ("social-contact", "Social contact"),
    ("identity-and-belonging", "Identity and belonging"),
    ("feeling-safe", "Feeling safe"),
    ("care-and-maintenance", "Care and maintenance"),
    ("influence-and-sense-of-control", "Influence and sense of control"),
    ("migration-and-asylum", "Migration and asylum"),
    ("hate-crime-and-prejudice", "Hate crime and prejudice"),
    ("cost-of-living", "Cost of living"),
    ("young-people", "Young people"),
    ("faith-and-belief", "Faith and belief"),
    ("online-harms-and-misinformation", "Online harms and misinformation"),
    ("shared-spaces-and-mixing", "Shared spaces and mixing"),
]


def test_the_shipped_taxonomy_has_the_place_standard_and_cohesion_themes() -> None:
    assert [(theme.slug, theme.name) for theme in DEFAULT_THEMES] == EXPECTED_THEMES
    assert [slug for slug, _ in EXPECTED_THEMES[:14]] == list(PLACE_STANDARD_SLUGS)
    for theme in DEFAULT_THEMES:
        assert 10 <= len(theme.keywords) <= 25, theme.slug
        assert len(set(theme.keywords)) == len(theme.keywords), theme.slug
        assert all(keyword and keyword == keyword.strip() for keyword in theme.keywords), theme.slug


def test_a_bus_comment_suggests_public_transport_naming_the_word() -> None:
    [first, *_] = suggest_themes("The bus into town is always late.", themes=DEFAULT_THEMES)
    assert first.slug == "public-transport"
    assert first.name == "Public transport"
    assert 'the word "bus"' in first.because


def test_a_reason_quotes_the_word_as_the_person_wrote_it() -> None:
    [first, *_] = suggest_themes("Buses never come on Sundays", themes=DEFAULT_THEMES)
    assert first.slug == "public-transport"
    assert 'the word "Buses"' in first.because


def test_a_phrase_beats_a_single_word() -> None:
    themes = [
        ThemeInfo("safety", "Safety", ("feel safe",)),
        ThemeInfo("shops", "Shops", ("shop",)),
    ]
    suggestions = suggest_themes("I don't feel safe walking past the shop", themes=themes)
    assert [suggestion.slug for suggestion in suggestions] == ["safety", "shops"]
    assert suggestions[0].score > suggestions[1].score
    assert suggestions[0].because == ['the phrase "feel safe"']
    assert suggestions[1].because == ['the word "shop"']


def test_a_word_inside_a_matched_phrase_is_not_evidence_for_another_theme() -> None:
    slugs = [s.slug for s in suggest_themes("Anti-social behaviour on the estate", themes=DEFAULT_THEMES)]
    assert slugs[0] == "feeling-safe"
    assert "social-contact" not in slugs


def test_a_confirmed_similar_voice_teaches_a_theme_with_no_keyword() -> None:
    text = "Wheelies outside the chippy every evening"
    assert suggest_themes(text, themes=DEFAULT_THEMES) == []
    examples = [
        Example("Lads doing wheelies outside the chippy until midnight", ("young-people",)),
        Example("The vicar runs a lunch club on Tuesdays", ("faith-and-belief", "social-contact")),
        Example("Potholes on the ring road have wrecked my tyres", ("care-and-maintenance",)),
    ]
    suggestions = suggest_themes(text, themes=DEFAULT_THEMES, examples=examples)
    assert [suggestion.slug for suggestion in suggestions] == ["young-people"]
    assert suggestions[0].because == [
        'similar to a confirmed voice: "Lads doing wheelies outside the chippy until midnight"'
    ]


def test_confirmed_voices_add_to_keyword_evidence() -> None:
    text = "The bus shelter by the chippy has no roof"
    alone = suggest_themes(text, themes=DEFAULT_THEMES)[0]
    examples = [Example("The shelter outside the chippy lost its roof in the storm", ("public-transport",))]
    learned = suggest_themes(text, themes=DEFAULT_THEMES, examples=examples)[0]
    assert alone.slug == learned.slug == "public-transport"
    assert learned.score > alone.score
    assert learned.because[0] == 'the phrase "bus shelter"'
    assert learned.because[-1].startswith("similar to a confirmed voice: ")


def test_one_shared_word_does_not_make_a_voice_similar() -> None:
    examples = [Example("The nearest play area is a bus ride away", ("play-and-recreation",))]
    slugs = [s.slug for s in suggest_themes("Get on the bus", themes=DEFAULT_THEMES, examples=examples)]
    assert slugs == ["public-transport"]


def test_a_long_confirmed_voice_is_quoted_short() -> None:
    example = Example(
        "There is nowhere for teenagers to go in the evenings since the old youth club on Pellow Street shut",
        ("young-people",),
    )
    [suggestion] = suggest_themes(
        "Nowhere in the evenings since Pellow Street shut", themes=DEFAULT_THEMES, examples=[example]
    )
    [reason] = suggestion.because
    quote = reason.removeprefix('similar to a confirmed voice: "').removesuffix('"')
    assert quote.endswith("…")
    assert len(quote) <= 60
    assert example.text.startswith(quote.removesuffix("…"))


def test_themes_named_only_by_examples_are_ignored() -> None:
    examples = [Example("Wheelies outside the chippy every night", ("not-a-theme", "young-people"))]
    found = suggest_themes("Wheelies outside the chippy", themes=DEFAULT_THEMES, examples=examples)
    assert [suggestion.slug for suggestion in found] == ["young-people"]


def test_limit_is_respected() -> None:
    text = "Bus fares are up, the park is full of litter and the youth club closed, so teenagers feel unsafe"
    assert len(suggest_themes(text, themes=DEFAULT_THEMES)) == 3
    assert len(suggest_themes(text, themes=DEFAULT_THEMES, limit=5)) == 5
    assert len(suggest_themes(text, themes=DEFAULT_THEMES, limit=1)) == 1
    assert suggest_themes(text, themes=DEFAULT_THEMES, limit=0) == []


def test_scores_are_sorted_best_first_and_between_zero_and_one() -> None:
    examples = load_examples(EXAMPLES_PATH)
    for example in examples:
        found = suggest_themes(example.text, themes=DEFAULT_THEMES, examples=examples, limit=21)
        scores = [suggestion.score for suggestion in found]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 < score <= 1.0 for score in scores)
        assert all(suggestion.because for suggestion in found)


@pytest.mark.parametrize("text", ["", "   ", "?!...", "the and of it"])
def test_empty_text_gives_no_suggestions(text: str) -> None:
    assert suggest_themes(text, themes=DEFAULT_THEMES, examples=load_examples(EXAMPLES_PATH)) == []


def test_cli_round_trip_with_a_bad_line() -> None:
    stdin = io.StringIO('{"text": "The bus is always late"}\n\n{"text": null}\nnonsense\n{"text": "?"}\n')
    stdout = io.StringIO()
    assert run_cli(stdin, stdout) == 1
    first, missing_text, not_json, nothing = (json.loads(line) for line in stdout.getvalue().splitlines())
    assert first == {"themes": [{"slug": "public-transport", "score": 0.5, "because": ['the word "bus"']}]}
    assert missing_text["line"] == 3
    assert not_json["line"] == 4
    assert missing_text["error"] and not_json["error"]
    assert nothing == {"themes": []}


def test_cli_uses_the_examples_it_is_given_and_returns_zero_when_all_lines_are_good() -> None:
    examples = [Example("Lads doing wheelies outside the chippy", ("young-people",))]
    stdout = io.StringIO()
    assert run_cli(io.StringIO('{"text": "Wheelies by the chippy"}\n'), stdout, examples=examples) == 0
    [theme] = json.loads(stdout.getvalue())["themes"]
    assert theme["slug"] == "young-people"
    assert theme["score"] == round(theme["score"], 3)


def test_the_evaluation_set_covers_every_theme_and_keywords_alone_reach_the_bar() -> None:
    result = evaluate(EXAMPLES_PATH)
    assert result["items"] >= 120
    assert set(result["theme_counts"]) == {slug for slug, _ in EXPECTED_THEMES}
    assert min(result["theme_counts"].values()) >= 4
    assert result["keyword_top3_accuracy"] >= 0.80
    assert result["learning_top3_accuracy"] >= result["keyword_top3_accuracy"]


def test_a_keyword_counts_once_however_often_it_appears() -> None:
    once = suggest_themes("The bus stop", themes=DEFAULT_THEMES)[0]
    twice = suggest_themes("The bus stop, and another bus stop, and more bus stops", themes=DEFAULT_THEMES)[0]
    assert once.slug == twice.slug == "public-transport"
    assert twice.score == once.score
    assert twice.because == ['the phrase "bus stop"']


def test_held_out_comments_written_after_the_keywords_still_score() -> None:
    result = evaluate(
        Path(__file__).resolve().parents[3] / "app" / "services" / "listening" / "suggestion_holdout.jsonl"
    )
    assert result["items"] == 42
    assert result["keyword_top3_accuracy"] >= 0.8


def test_word_forms_meet_but_a_parked_car_is_not_a_park() -> None:
    themes = [
        ThemeInfo("homes", "Homes", ("house",)),
        ThemeInfo("transport", "Transport", ("bus",)),
        ThemeInfo("parks", "Parks", ("park",)),
    ]
    found = suggest_themes(
        "Housing is dear, the buses are late and cars are parked everywhere", themes=themes
    )
    assert {suggestion.slug for suggestion in found} == {"homes", "transport"}


@pytest.mark.parametrize("marker", [m for m in MARKERS.values() if m] + ["[phone number removed]"])
def test_a_marker_never_drives_a_suggestion(marker: str) -> None:
    for text in (f"I'm called {marker}", f"They called {marker} names", f"{marker} {marker}"):
        for suggestion in suggest_themes(text, themes=DEFAULT_THEMES):
            assert all("removed" not in reason and "[" not in reason for reason in suggestion.because), (
                text,
                suggestion,
            )
    assert suggest_themes(f"I'm called {marker}", themes=DEFAULT_THEMES) == []


def test_words_around_a_marker_still_count() -> None:
    [first, *_] = suggest_themes("[name removed] says the bus never comes", themes=DEFAULT_THEMES)
    assert first.slug == "public-transport"
