"""What the administration index and your account page show, each read in one call: the router names the
page and renders it."""

from dataclasses import dataclass

from sqlmodel import Session

from app.config import Settings
from app.models import ApiToken, Place, User
from app.services.accounts import api_tokens, passwords, sessions, two_factor
from app.services.accounts.admin import list_places, list_users
from app.services.accounts.sessions import SignedIn
from app.services.records.history import is_erased


@dataclass(frozen=True)
class AdminScreen:
    """The administration index (``admin/index.html``): every place with its numbers of areas and members,
    every person (those erased, and those invited who have not yet chosen a password, picked out), and
    whether everyone must use two-factor sign-in."""

    places: list[tuple[Place, int, int]]
    users: list[User]
    erased_ids: set[int]
    invited_ids: set[int]
    two_factor_required: bool


def admin_screen(*, session: Session) -> AdminScreen:
    users = list_users(session=session)
    return AdminScreen(
        places=list_places(session=session),
        users=users,
        erased_ids={person.id for person in users if person.id is not None and is_erased(person)},
        invited_ids={
            person.id for person in users if person.id is not None and not passwords.has_password(person)
        },
        two_factor_required=two_factor.get_policy(session=session).require_two_factor,
    )


@dataclass(frozen=True)
class AccountScreen:
    """Your account (``account/show.html``) around its new-token form: your tokens, whether you have a
    password and two-factor sign-in, and where you are signed in (this session first)."""

    tokens: list[ApiToken]
    has_password: bool
    two_factor_on: bool
    sessions: list[SignedIn]


def account_screen(
    *, session: Session, user: User, current_token: str | None, settings: Settings
) -> AccountScreen:
    return AccountScreen(
        tokens=api_tokens.list_tokens(session=session, user=user),
        has_password=passwords.has_password(user),
        two_factor_on=two_factor.is_enrolled(user),
        sessions=sessions.list_sessions(
            session=session, user=user, current_token=current_token, settings=settings
        ),
    )
