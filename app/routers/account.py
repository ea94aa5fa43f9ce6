"""Your account: who you are, your password, email notifications, where you are signed in, and your
personal API tokens. Two-factor sign-in has its own pages (routers/two_factor.py)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from app import form_pages
from app.deps import SESSION_COOKIE, CurrentUser, SessionDep, SettingsDep
from app.forms import FormState
from app.models import User
from app.routers.auth import auth_form_page
from app.schemas.account import ApiTokenForm, NotificationsForm, PasswordChangeForm
from app.services.accounts import api_tokens, passwords, preferences, sessions, two_factor
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/account")
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _account_page(
    request: Request, session: SessionDep, settings: SettingsDep, user: User
) -> form_pages.FormPage[ApiTokenForm]:
    return form_pages.FormPage(
        template="account/show.html",
        form=ApiTokenForm,
        context={"account": user, "new_token": None, "nav_active": "account"},
        more=lambda: {
            "tokens": api_tokens.list_tokens(session=session, user=user),
            "has_password": passwords.has_password(user),
            "two_factor_on": two_factor.is_enrolled(user),
            "sessions": sessions.list_sessions(
                session=session,
                user=user,
                current_token=request.cookies.get(SESSION_COOKIE),
                settings=settings,
            ),
        },
    )


@router.get("/", name="account.show")
def show(request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> HTMLResponse:
    return form_pages.show(request, _account_page(request, session, settings, user), FormState(values={}))


@router.post("/tokens", name="account.create_token")
def create_token(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser, form: FormDataDep
) -> Response:
    """The new token is shown on this answer only: never in a redirect, a cookie or an address."""
    page = _account_page(request, session, settings, user)

    def save(data: ApiTokenForm) -> Response:
        new_token = api_tokens.create_token(session=session, user=user, name=data.name)
        return form_pages.show(request, page, FormState(values={}), new_token=new_token)

    return form_pages.submit(request, page, form, save=save)


@router.post("/tokens/{token_id}/revoke", name="account.revoke_token")
def revoke_token(request: Request, session: SessionDep, user: CurrentUser, token_id: TokenId) -> Response:
    token = api_tokens.revoke_token(session=session, user=user, token_id=token_id)
    return redirect(request, url(request, "account.show"), flash=f"API token “{token.name}” revoked")


# --- Password ------------------------------------------------------------------------------------------


def _password_page(request: Request) -> form_pages.FormPage[PasswordChangeForm]:
    return auth_form_page(
        PasswordChangeForm,
        heading="Change your password",
        intro=["You stay signed in here; every other session of your account is signed out."],
        action=url(request, "account.change_password"),
        back=url(request, "account.show"),
        button="Change password",
        nav_active="account",
    )


@router.get("/password", name="account.password_form")
def password_form(request: Request, user: CurrentUser) -> HTMLResponse:
    return form_pages.show(request, _password_page(request), FormState(values={}))


@router.post("/password", name="account.change_password")
def change_password(request: Request, session: SessionDep, user: CurrentUser, form: FormDataDep) -> Response:
    def save(data: PasswordChangeForm) -> str:
        passwords.change_password(
            session=session, user=user, form=data, keep_session_token=request.cookies.get(SESSION_COOKIE)
        )
        return url(request, "account.show")

    return form_pages.submit(
        request, _password_page(request), form, save=save, flash="Your password is changed"
    )


# --- Email notifications -------------------------------------------------------------------------------


def _notifications_page(request: Request) -> form_pages.FormPage[NotificationsForm]:
    return auth_form_page(
        NotificationsForm,
        heading="Email notifications",
        intro=[
            "Officers hear about new review comments on their places; whoever wrote a comment hears when "
            "it is resolved. The weekly summary lists overdue updates and milestones due in the next two "
            "weeks in the places where you are an officer."
        ],
        action=url(request, "account.save_notifications"),
        back=url(request, "account.show"),
        button="Save",
        nav_active="account",
    )


@router.get("/notifications", name="account.notifications_form")
def notifications_form(request: Request, user: CurrentUser) -> HTMLResponse:
    state = FormState[NotificationsForm](values={"notifications": user.notifications.value})
    return form_pages.show(request, _notifications_page(request), state)


@router.post("/notifications", name="account.save_notifications")
def save_notifications(
    request: Request, session: SessionDep, user: CurrentUser, form: FormDataDep
) -> Response:
    def save(data: NotificationsForm) -> str:
        preferences.set_notifications(session=session, user=user, choice=data.notifications)
        return url(request, "account.show")

    return form_pages.submit(
        request, _notifications_page(request), form, save=save, flash="Your choice is saved"
    )


# --- Sessions ------------------------------------------------------------------------------------------


@router.post("/sessions/sign-out-others", name="account.sign_out_others")
def sign_out_others(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    ended = sessions.sign_out_others(
        session=session, user=user, current_token=request.cookies.get(SESSION_COOKIE)
    )
    message = (
        "Your other sessions are ended: you are signed out everywhere else"
        if ended
        else "You were not signed in anywhere else"
    )
    return redirect(request, url(request, "account.show"), flash=message)
