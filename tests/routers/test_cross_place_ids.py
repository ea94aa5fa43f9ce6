"""Ids of another place's records are refused wherever they arrive: in URLs, form fields and query strings."""

from sqlmodel import Session

from tests.conftest import World
from tests.factories import make_action, make_struggle
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def test_form_fields_naming_another_places_records_are_refused(
    client_for, session: Session, world: World
) -> None:
    other_struggle = make_struggle(
        session, strategy=world.other_strategy, actor=world.users["other_place_officer"], areas=[], themes=[]
    )
    other_action = make_action(
        session, strategy=world.other_strategy, actor=world.users["other_place_officer"]
    )
    session.commit()
    officer = client_for("officer")

    page = check_page(
        officer.post_form(
            f"{_base(world)}/plan/priorities/new",
            {"outcome": "Borrowed struggle", "struggle_ids": str(other_struggle.id)},
        )
    )
    assert page.status == 400 and page.errors == ["Select struggles from the list"]

    page = check_page(
        officer.post_form(
            f"{_base(world)}/plan/actions/{world.action.id}/edit",
            {
                "title": "Open iftar programme",
                "lead_organisation": "Faith forum",
                "parent_id": str(other_action.id),
                "start_date-day": "1",
                "start_date-month": "5",
                "start_date-year": "2026",
                "end_date-day": "31",
                "end_date-month": "3",
                "end_date-year": "2027",
                "status": "on_track",
                "version": str(world.action.version),
            },
        )
    )
    assert page.status == 400 and page.errors == ["Select a larger action from the list"]

    page = check_page(
        officer.post_form(
            f"{_base(world)}/listening/voices/{world.voice.id}/edit",
            {
                "text": "The bus is always late.",
                "kind": "struggle",
                "area_id": str(world.other_area.id),
                "version": str(world.voice.version),
            },
        )
    )
    assert page.status == 400 and page.errors == ["Select areas from the list"]


def test_query_strings_naming_another_places_records_show_nothing_of_it(client_for, world: World) -> None:
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/listening/voices/", params={"area": world.other_area.id}))
    assert world.other_voice.text not in page.text()
    assert world.other_area.name not in page.text()
    response = officer.get(f"{_base(world)}/listening/voices/", params={"action": world.action.id + 10**6})
    assert response.status_code == 404
    response = officer.get(
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}/editions/compare",
        params={"from_id": world.edition.id, "to_id": world.edition.id + 10**6},
    )
    assert response.status_code == 404


def test_urls_with_another_places_ids_are_not_found(client_for, world: World) -> None:
    officer = client_for("officer")
    assert officer.get(f"{_base(world)}/listening/voices/{world.other_voice.id}/").status_code == 404
    assert officer.get(f"/places/{world.place.slug}/history/voice/{world.other_voice.id}/").status_code == 404
    assert (
        officer.get(f"/places/{world.place.slug}/history/voice/{world.other_voice.id}/delete").status_code
        == 404
    )
    other = f"/places/{world.other_place.slug}/strategies/{world.other_strategy.slug}"
    assert officer.get(f"{other}/editions/").status_code == 404
