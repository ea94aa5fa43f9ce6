"""Annotated dependencies: the session, the signed-in user and the place they may see or change."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.db import get_session
from app.models import Place, Strategy, User
from app.services import access, auth, strategies
from app.services.access import Permission, PlaceAccess

SESSION_COOKIE = "cohesion_session"


@dataclass(frozen=True)
class Viewer:
    name: str
    is_admin: bool


SessionDep = Annotated[Session, Depends(get_session)]


class LoginRequired(Exception):
    """No signed-in user: send them to the sign-in page and back."""


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_optional_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    user = auth.user_for_token(session=session, token=token, settings=settings)
    if user is not None:
        # A plain copy for the page header: error pages render after the session has rolled back.
        request.state.viewer = Viewer(name=user.name, is_admin=user.is_admin)
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> User:
    if user is None:
        raise LoginRequired()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_admin_user(user: CurrentUser) -> User:
    return access.require_admin(user=user)


AdminUser = Annotated[User, Depends(get_admin_user)]


def _place_dependency(permission: Permission) -> Callable[[str, Session, User], PlaceAccess]:
    def dependency(place_slug: str, session: SessionDep, user: CurrentUser) -> PlaceAccess:
        return access.get_place_access(
            session=session, user=user, place_slug=place_slug, permission=permission
        )

    dependency.__name__ = f"place_with_{permission.value}"
    return dependency


readable_place = _place_dependency(Permission.read)
draft_readable_place = _place_dependency(Permission.read_drafts)
editable_place = _place_dependency(Permission.edit)

ReadablePlace = Annotated[PlaceAccess, Depends(readable_place)]
DraftReadablePlace = Annotated[PlaceAccess, Depends(draft_readable_place)]
EditablePlace = Annotated[PlaceAccess, Depends(editable_place)]

# The route walk in tests/routers/test_access.py requires one of these on every place route.
PLACE_ACCESS_DEPENDENCIES = frozenset({readable_place, draft_readable_place, editable_place})


@dataclass(frozen=True)
class StrategyAccess:
    """A strategy inside a place the user may see, with what they may do there."""

    access: PlaceAccess
    strategy: Strategy

    @property
    def place(self) -> Place:
        return self.access.place


def _strategy_dependency(
    place_dependency: Callable[[str, Session, User], PlaceAccess],
) -> Callable[[str, Session, PlaceAccess], StrategyAccess]:
    def dependency(
        strategy_slug: str, session: SessionDep, place: Annotated[PlaceAccess, Depends(place_dependency)]
    ) -> StrategyAccess:
        strategy = strategies.get_strategy(session=session, place=place.place, strategy_slug=strategy_slug)
        return StrategyAccess(access=place, strategy=strategy)

    return dependency


ReadableStrategy = Annotated[StrategyAccess, Depends(_strategy_dependency(readable_place))]
DraftReadableStrategy = Annotated[StrategyAccess, Depends(_strategy_dependency(draft_readable_place))]
EditableStrategy = Annotated[StrategyAccess, Depends(_strategy_dependency(editable_place))]
