"""Annotated dependencies: the session, the signed-in user and the place they may see or change."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.config import Settings
from app.db import get_session
from app.models import Place, Role, Strategy, User
from app.services import access, strategies
from app.services.access import Permission, PlaceAccess
from app.services.accounts import api_tokens, auth, two_factor
from app.services.public.pages import PublicPlace

SESSION_COOKIE = "cohesion_session"


@dataclass(frozen=True)
class Viewer:
    name: str
    is_admin: bool
    is_facilitator: bool = False  # the header links to the facilitator overview


# Function scope: the request's transaction commits when the route returns, before the response is sent.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


# For what outlives the request's session: a streamed body's reads, an audit row written on its own.
SessionFactory = Annotated[sessionmaker[Session], Depends(get_session_factory)]


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
        request.state.viewer = Viewer(
            name=user.name,
            is_admin=user.is_admin,
            is_facilitator=access.has_role(session=session, user=user, role=Role.facilitator),
        )
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


class TwoFactorSetupRequired(Exception):
    """Signed in, but an administrator requires an authenticator app this person has not set up yet."""


def get_signed_in_user(user: OptionalUser) -> User:
    if user is None:
        raise LoginRequired()
    return user


# Signed in, whether or not a required second factor is set up yet: only the pages that set it up use this.
SignedInUser = Annotated[User, Depends(get_signed_in_user)]


def get_current_user(user: SignedInUser, session: SessionDep) -> User:
    if two_factor.setup_required(session=session, user=user):
        raise TwoFactorSetupRequired()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_admin_user(user: CurrentUser) -> User:
    return access.require_admin(user=user)


AdminUser = Annotated[User, Depends(get_admin_user)]


def _place_dependency(
    permission: Permission,
    *,
    user_of: Callable[..., User] = get_current_user,
    slug: Any = None,
    name: str = "place",
) -> Callable[[str, Session, User], PlaceAccess]:
    """The place named in the path, if the user ``user_of`` gives (signed in, or the API's) has
    ``permission`` there; ``slug`` is how the path parameter is checked (the API's slug pattern)."""

    def dependency(
        place_slug: Annotated[str, slug if slug is not None else Path()],
        session: SessionDep,
        user: Annotated[User, Depends(user_of)],
    ) -> PlaceAccess:
        return access.get_place_access(
            session=session, user=user, place_slug=place_slug, permission=permission
        )

    dependency.__name__ = f"{name}_with_{permission.value}"
    return dependency


readable_place = _place_dependency(Permission.read)
draft_readable_place = _place_dependency(Permission.read_drafts)
editable_place = _place_dependency(Permission.edit)
commentable_place = _place_dependency(Permission.comment)

ReadablePlace = Annotated[PlaceAccess, Depends(readable_place)]
DraftReadablePlace = Annotated[PlaceAccess, Depends(draft_readable_place)]
EditablePlace = Annotated[PlaceAccess, Depends(editable_place)]
CommentablePlace = Annotated[PlaceAccess, Depends(commentable_place)]


def tension_readable_place(place: ReadablePlace) -> PlaceAccess:
    return access.require_tension_log(access=place)


def tension_editable_place(place: ReadablePlace) -> PlaceAccess:
    return access.require_tension_log(access=place, write=True)


# The tension log's pages: 404 without the permission, 403 for a write by someone who only reads it.
TensionReadablePlace = Annotated[PlaceAccess, Depends(tension_readable_place)]
TensionEditablePlace = Annotated[PlaceAccess, Depends(tension_editable_place)]


def public_place(place_slug: str, session: SessionDep) -> PublicPlace:
    """Anyone, signed in or not, for a place whose public pages are switched on; 404 otherwise."""
    place, page = access.get_public_place(session=session, place_slug=place_slug)
    return PublicPlace(place=place, page=page)


PublicPlaceDep = Annotated[PublicPlace, Depends(public_place)]

# The route walk in tests/routers/test_access.py requires one of these on every place route.
PLACE_ACCESS_DEPENDENCIES = frozenset(
    {readable_place, draft_readable_place, editable_place, commentable_place, public_place}
)


@dataclass(frozen=True)
class StrategyAccess:
    """A strategy inside a place the user may see, with what they may do there."""

    access: PlaceAccess
    strategy: Strategy

    @property
    def place(self) -> Place:
        return self.access.place


def _strategy_dependency(
    place_dependency: Callable[[str, Session, User], PlaceAccess], slug: Any = None
) -> Callable[[str, Session, PlaceAccess], StrategyAccess]:
    """The strategy named in the path, inside the place ``place_dependency`` gives; ``slug`` is how the
    path parameter is checked (the API's slug pattern), if at all."""

    def dependency(
        strategy_slug: Annotated[str, slug if slug is not None else Path()],
        session: SessionDep,
        place: Annotated[PlaceAccess, Depends(place_dependency)],
    ) -> StrategyAccess:
        strategy = strategies.get_strategy(session=session, place=place.place, strategy_slug=strategy_slug)
        return StrategyAccess(access=place, strategy=strategy)

    return dependency


readable_strategy = _strategy_dependency(readable_place)
draft_readable_strategy = _strategy_dependency(draft_readable_place)
editable_strategy = _strategy_dependency(editable_place)
commentable_strategy = _strategy_dependency(commentable_place)

ReadableStrategy = Annotated[StrategyAccess, Depends(readable_strategy)]
DraftReadableStrategy = Annotated[StrategyAccess, Depends(draft_readable_strategy)]
EditableStrategy = Annotated[StrategyAccess, Depends(editable_strategy)]
CommentableStrategy = Annotated[StrategyAccess, Depends(commentable_strategy)]


# --- The JSON API: a personal API token (Authorization: Bearer), or the signed-in session ------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
API_SLUG = Path(pattern=SLUG_PATTERN, max_length=80)
ApiSlug = Annotated[str, API_SLUG]


class ApiUnauthorized(Exception):
    """An API request without usable credentials: 401 with ``WWW-Authenticate: Bearer``."""

    def __init__(self, message: str, *, invalid_token: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.invalid_token = invalid_token


# Declares the scheme in the OpenAPI document; the header itself is read below, to say what is wrong with it.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="A personal API token, created on your account page: `Authorization: Bearer cst_…`.",
)


def get_api_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """The active owner of the bearer token. Without an Authorization header, the signed-in user: the API
    only reads (GET), so a session cookie needs no CSRF token here."""
    header = request.headers.get("Authorization")
    if header is None:
        user = get_optional_user(request, session, settings)
        if user is None:
            raise ApiUnauthorized(
                "Send a personal API token in the Authorization header, as Bearer followed by the token. "
                "Create one on your account page."
            )
        return user
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or " " in secret:
        raise ApiUnauthorized(
            "The Authorization header must be the word Bearer, a space, then your API token.",
            invalid_token=True,
        )
    try:
        return api_tokens.authenticate_token(session=session, secret=secret)
    except api_tokens.TokenRejected as rejected:
        raise ApiUnauthorized(rejected.message, invalid_token=True) from None


ApiUser = Annotated[User, Depends(get_api_user)]


api_readable_place = _place_dependency(Permission.read, user_of=get_api_user, slug=API_SLUG, name="api_place")
api_draft_readable_place = _place_dependency(
    Permission.read_drafts, user_of=get_api_user, slug=API_SLUG, name="api_place"
)


ApiReadablePlace = Annotated[PlaceAccess, Depends(api_readable_place)]
ApiReadableStrategy = Annotated[StrategyAccess, Depends(_strategy_dependency(api_readable_place, API_SLUG))]
ApiDraftReadableStrategy = Annotated[
    StrategyAccess, Depends(_strategy_dependency(api_draft_readable_place, API_SLUG))
]

# The route walk counts the API's place dependencies as well.
PLACE_ACCESS_DEPENDENCIES = PLACE_ACCESS_DEPENDENCIES | {api_readable_place, api_draft_readable_place}
