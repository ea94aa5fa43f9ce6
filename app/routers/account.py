"""Your account: who you are, your password, email notifications, where you are signed in, and your
personal API tokens. Two-factor sign-in has its own pages (routers/two_factor.py)."""

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from app import form_pages
from app.deps import SESSION_COOKIE, SettingsDep
from app.forms import FormState
from app.routers.auth import auth_form_page
from app.schemas.account import ApiTokenForm, NotificationsForm, PasswordChangeForm
from app.services.accounts import api_tokens, passwords, preferences, screens, sessions
from app.views import AccountEdit, AccountView, UserRead
from app.web import screen_context

router = APIRouter(prefix="/account")
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _account_page(view: UserRead, settings: SettingsDep) -> form_pages.FormPage[ApiTokenForm]:
    session, user = view.session, view.user
    return form_pages.FormPage(
        template="account/show.html",
        form=ApiTokenForm,
        context={"account": user, "new_token": None, "nav_active": "account"},
        more=lambda: screen_context(
            screens.account_screen(
                session=session,
                user=user,
                current_token=view.request.cookies.get(SESSION_COOKIE),
                settings=settings,
            )
        ),
    )


@router.get("/", name="account.show")
def show(view: AccountView, settings: SettingsDep) -> HTMLResponse:
    return view.show(_account_page(view, settings))


@router.post("/tokens", name="account.create_token")
def create_token(write: AccountEdit, settings: SettingsDep) -> Response:
    """The new token is shown on this answer only: never in a redirect, a cookie or an address."""
    page = _account_page(write, settings)

    def save(data: ApiTokenForm) -> Response:
        new_token = api_tokens.create_token(session=write.session, user=write.user, name=data.name)
        return form_pages.show(write.request, page, FormState(values={}), new_token=new_token)

    return write.submit(page, save=save)


@router.post("/tokens/{token_id}/revoke", name="account.revoke_token")
def revoke_token(write: AccountEdit, token_id: TokenId) -> Response:
    token = api_tokens.revoke_token(session=write.session, user=write.user, token_id=token_id)
    return write.redirect(write.url("account.show"), flash=f"API token “{token.name}” revoked")


# --- Password ------------------------------------------------------------------------------------------


def _password_page(view: UserRead) -> form_pages.FormPage[PasswordChangeForm]:
    return auth_form_page(
        PasswordChangeForm,
        heading="Change your password",
        intro=["You stay signed in here; every other session of your account is signed out."],
        action=view.url("account.change_password"),
        back=view.url("account.show"),
        button="Change password",
        nav_active="account",
    )


@router.get("/password", name="account.password_form")
def password_form(view: AccountView) -> HTMLResponse:
    return view.show(_password_page(view))


@router.post("/password", name="account.change_password")
def change_password(write: AccountEdit) -> Response:
    def save(data: PasswordChangeForm) -> str:
        kept = write.request.cookies.get(SESSION_COOKIE)
        passwords.change_password(session=write.session, user=write.user, form=data, keep_session_token=kept)
        return write.url("account.show")

    return write.submit(_password_page(write), save=save, flash="Your password is changed")


# --- Email notifications -------------------------------------------------------------------------------


def _notifications_page(view: UserRead) -> form_pages.FormPage[NotificationsForm]:
    return auth_form_page(
        NotificationsForm,
        heading="Email notifications",
        intro=[
            "Officers hear about new review comments on their places; whoever wrote a comment hears when "
            "it is resolved. The weekly summary lists overdue updates and milestones due in the next two "
            "weeks in the places where you are an officer."
        ],
        action=view.url("account.save_notifications"),
        back=view.url("account.show"),
        button="Save",
        nav_active="account",
    )


@router.get("/notifications", name="account.notifications_form")
def notifications_form(view: AccountView) -> HTMLResponse:
    state = FormState[NotificationsForm](values={"notifications": view.user.notifications.value})
    return view.show(_notifications_page(view), state)


@router.post("/notifications", name="account.save_notifications")
def save_notifications(write: AccountEdit) -> Response:
    def save(data: NotificationsForm) -> str:
        preferences.set_notifications(session=write.session, user=write.user, choice=data.notifications)
        return write.url("account.show")

    return write.submit(_notifications_page(write), save=save, flash="Your choice is saved")


# --- Sessions ------------------------------------------------------------------------------------------


@router.post("/sessions/sign-out-others", name="account.sign_out_others")
def sign_out_others(write: AccountEdit) -> Response:
    current = write.request.cookies.get(SESSION_COOKIE)
    ended = sessions.sign_out_others(session=write.session, user=write.user, current_token=current)
    message = (
        "Your other sessions are ended: you are signed out everywhere else"
        if ended
        else "You were not signed in anywhere else"
    )
    return write.redirect(write.url("account.show"), flash=message)
