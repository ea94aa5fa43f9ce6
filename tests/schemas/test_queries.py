"""The query strings of list pages: a value not understood is no filter, never an error."""

from datetime import date

import pytest

from app.models import CommentStatus
from app.schemas.listening import ExerciseFilters, QueueFilters, VoiceFilters
from app.schemas.mapping import EvidenceSearch, MappingFilters
from app.schemas.review import CommentFilters
from app.schemas.tensions import LogFilters
from app.services.outputs.overview import Filters
from tests.conftest import World


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ({}, VoiceFilters()),
        ({"theme": "12", "area": "3", "exercise": "7"}, VoiceFilters(theme_id=12, area_id=3, exercise_id=7)),
        ({"theme": "twelve", "area": "-3", "exercise": "1.5"}, VoiceFilters()),
        ({"area": "99999999999999999999"}, VoiceFilters()),
        ({"area": "none"}, VoiceFilters(no_area=True)),
        ({"kind": "struggle"}, VoiceFilters(kind="struggle")),
        ({"kind": "STRUGGLE"}, VoiceFilters()),
        ({"q": "  bus   stop  "}, VoiceFilters(search="bus   stop")),
        ({"q": "   "}, VoiceFilters()),
        ({"q": "x" * 500}, VoiceFilters(search="x" * 200)),
        ({"page": "3"}, VoiceFilters(page=3)),
        ({"page": "0"}, VoiceFilters()),
        ({"page": "-2"}, VoiceFilters()),
        ({"page": "next"}, VoiceFilters()),
        ({"action": "4", "unknown": "1"}, VoiceFilters(action_id=4)),
    ],
)
def test_voice_filters_read_what_they_understand(typed: dict[str, str], expected: VoiceFilters) -> None:
    assert VoiceFilters.model_validate(typed) == expected


def test_each_list_reads_its_own_names() -> None:
    assert ExerciseFilters.model_validate(
        {"method": "survey", "area": "2", "date_from": "2026-03-01", "date_to": "31/03/2026"}
    ) == ExerciseFilters(method="survey", area_id=2, date_from=date(2026, 3, 1))
    assert ExerciseFilters.model_validate({"method": "gossip"}).method is None
    assert QueueFilters.model_validate({"exercise": "5", "kind": "bad", "page": "2"}) == QueueFilters(
        exercise_id=5, page=2
    )
    assert MappingFilters.model_validate(
        {"kind_filter": "service", "status": "nonsense", "theme": "4"}
    ) == MappingFilters(kind="service", theme_id=4)
    assert LogFilters.model_validate(
        {"status": "open", "category": "gossip", "page": "100001"}
    ) == LogFilters(status="open")
    assert CommentFilters.model_validate({"show": "resolved"}).status == CommentStatus.resolved
    assert CommentFilters.model_validate({"show": "closed"}) == CommentFilters(show="all")
    assert CommentFilters().status is None


def test_the_overview_keeps_to_its_columns_and_orders() -> None:
    read = Filters.model_validate(
        {"q": "  moor ", "stage": "plan", "stage_status": "published", "overdue": "on", "sort": "actions"}
    )
    assert read == Filters(q="moor", stage="plan", stage_status="published", overdue=True, sort="actions")
    nonsense = Filters.model_validate(
        {"stage": "planning", "stage_status": "done", "overdue": "yes", "sort": "drop", "order": "up"}
    )
    assert nonsense == Filters()
    assert Filters(sort="actions", page=4).query(order="desc") == "sort=actions&order=desc"


def test_an_evidence_search_is_kept_as_typed_and_asks_for_voices_only_when_filled() -> None:
    search = EvidenceSearch.model_validate({"q": " hall ", "theme": "x", "area": "3", "kind": "idea"})
    assert search.model_dump() == {"q": " hall ", "theme": "x", "area": "3"}
    assert search.voices() == VoiceFilters(search="hall", area_id=3)
    assert EvidenceSearch().voices() is None
    assert EvidenceSearch.model_validate({"q": ["not", "text"]}).q == ""


def test_a_list_page_answers_nonsense_in_its_address_with_the_whole_list(client_for, world: World) -> None:
    client = client_for("officer")
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
    for path in (
        "/listening/?method=%00&area=x&date_from=31-02-2026",
        "/listening/voices/?theme=a&area=b&kind=c&exercise=d&page=e&action=f",
        "/listening/queue/?exercise=-1&page=99999999999",
        "/mapping/strengths/?kind_filter=x&status=y&area=z&theme=w",
        "/mapping/struggles/?area=1e9999",
        "/comments/?show=%00",
    ):
        assert client.get(base + path).status_code == 200, path
    log = client_for("tension_officer").get(
        f"/places/{world.place.slug}/tensions/?status=x&category=y&area=z&page=-1"
    )
    assert log.status_code == 200
