"""The administration index and your account page, each read in one call."""

from sqlmodel import Session

from app.config import Settings
from app.models import User
from app.services.accounts import api_tokens, erasure, screens
from tests.conftest import World
from tests.factories import make_user


def test_the_index_picks_out_the_erased_and_the_invited(session: Session, world: World) -> None:
    invited = User(email="new.starter@example.test", name="New Starter", password_hash="")
    session.add(invited)
    leaver = make_user(session, email="leaver@example.test", name="Leaver")
    erasure.erase_user(session=session, user=leaver, actor=world.users["admin"])
    session.flush()
    screen = screens.admin_screen(session=session)
    assert invited.id in screen.invited_ids and leaver.id in screen.erased_ids
    assert world.users["officer"].id not in screen.invited_ids | screen.erased_ids
    assert {place.id for place, _, _ in screen.places} >= {world.place.id, world.other_place.id}
    assert screen.two_factor_required is False


def test_your_account_lists_your_tokens_only(session: Session, world: World) -> None:
    officer = world.users["officer"]
    api_tokens.create_token(session=session, user=officer, name="Dashboard feed")
    api_tokens.create_token(session=session, user=world.users["councillor"], name="Someone else's")
    settings = Settings(env="test", secret_key="x" * 40, DATABASE_URL="sqlite://")
    screen = screens.account_screen(session=session, user=officer, current_token=None, settings=settings)
    assert [token.name for token in screen.tokens] == ["Dashboard feed"]
    assert screen.has_password and not screen.two_factor_on and screen.sessions == []
