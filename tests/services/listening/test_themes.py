"""A place's themes: the shared taxonomy and its own, never another place's."""

import pytest
from sqlmodel import Session

from app.errors import FieldError
from app.services.listening.themes import add_place_theme, check_themes, place_themes, theme_infos
from tests.conftest import World


def test_a_place_sees_the_shared_themes_then_its_own_and_not_another_places(
    session: Session, world: World
) -> None:
    own = add_place_theme(session=session, place=world.place, name="Market square", keywords="market, stalls")
    other = add_place_theme(session=session, place=world.other_place, name="Ferry landing", keywords=None)
    themes = place_themes(session=session, place=world.place)
    assert themes[-1].id == own.id
    assert all(theme.place_id is None for theme in themes[:-1])
    assert other.id not in {theme.id for theme in themes}


def test_theme_ids_from_a_form_must_be_the_places(session: Session, world: World) -> None:
    shared = place_themes(session=session, place=world.place)[:2]
    other = add_place_theme(session=session, place=world.other_place, name="Ferry landing", keywords=None)
    ids = [shared[1].id or 0, shared[0].id or 0, shared[1].id or 0]
    assert check_themes(session=session, place=world.place, theme_ids=ids) == sorted(set(ids))
    assert check_themes(session=session, place=world.place, theme_ids=[]) == []
    with pytest.raises(FieldError) as refused:
        check_themes(session=session, place=world.place, theme_ids=[shared[0].id or 0, other.id or 0])
    assert (refused.value.field, refused.value.message) == ("theme_ids", "Select themes from the list")


@pytest.mark.parametrize("name", ["Market Square ", "market-square"])
def test_a_new_theme_may_not_repeat_one_in_use(session: Session, world: World, name: str) -> None:
    add_place_theme(session=session, place=world.place, name="Market square", keywords=None)
    with pytest.raises(FieldError) as refused:
        add_place_theme(session=session, place=world.place, name=name, keywords=None)
    assert refused.value.message == "There is already a theme called Market square"


def test_a_places_own_theme_is_suggested_by_its_keywords_under_a_key_that_names_its_place(
    session: Session, world: World
) -> None:
    own = add_place_theme(
        session=session, place=world.place, name="Market square", keywords="Market, STALLS, , traders"
    )
    assert own.keywords == ["market", "stalls", "traders"]
    infos, by_key = theme_infos(place_themes(session=session, place=world.place))
    key = f"{own.slug}@{world.place.id}"
    assert by_key[key].id == own.id
    assert next(info for info in infos if info.slug == key).keywords == ("market", "stalls", "traders")
