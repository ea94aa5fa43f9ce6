"""A forgotten password: ask for a link by email, then choose a new password from it. Invitations use the
same page to let a new person choose their first password."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import SessionDep, SettingsDep
from app.form_pages import FormPage, show, submit
from app.forms import FormState
from app.models import LinkPurpose
from app.routers.auth import auth_form_page
from app.schemas.account import ForgottenPasswordForm, NewPasswordForm
from app.services.accounts import passwords
from app.templating import render
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/password")


def _forgotten_page(request: Request) -> FormPage[ForgottenPasswordForm]:
    return auth_form_page(
        ForgottenPasswordForm,
        heading="Reset your password",
        intro=[
            "Enter the email address you sign in with. We will email you a link to choose a new password."
        ],
        action=url(request, "auth.forgotten"),
        back=url(request, "auth.login_form"),
        button="Send the link",
    )


@router.get("/forgotten", name="auth.forgotten_form")
def forgotten_form(request: Request) -> HTMLResponse:
    return show(request, _forgotten_page(request), FormState(values={}))


@router.post("/forgotten", name="auth.forgotten")
def forgotten(request: Request, session: SessionDep, settings: SettingsDep, form: FormDataDep) -> Response:
    """Answers the same page whether or not the address has an account."""

    def save(data: ForgottenPasswordForm) -> Response:
        passwords.request_reset(session=session, email=data.email)
        return render(
            request, "auth/link_sent.html", {"email": data.email, "minutes": settings.reset_link_minutes}
        )

    return submit(request, _forgotten_page(request), form, save=save)


def _reset_page(request: Request, token: str, purpose: LinkPurpose) -> FormPage[NewPasswordForm]:
    return auth_form_page(
        NewPasswordForm,
        heading="Choose your password" if purpose is LinkPurpose.invite else "Choose a new password",
        # In the form, not the address: request logs record paths, and the token opens the account.
        hidden={"token": token},
        action=url(request, "auth.reset"),
        back=None,
        button="Save password",
    )


def _unusable(request: Request) -> HTMLResponse:
    return render(request, "auth/link_unusable.html", status_code=404)


@router.get("/reset", name="auth.reset_form")
def reset_form(request: Request, session: SessionDep, token: str = "") -> HTMLResponse:
    """The token is in the query string, which request logs leave out."""
    try:
        found = passwords.open_link(session=session, token=token)
    except passwords.LinkUnusable:
        return _unusable(request)
    return show(request, _reset_page(request, token, found.purpose), FormState(values={}))


@router.post("/reset", name="auth.reset")
def reset(request: Request, session: SessionDep, form: FormDataDep) -> Response:
    token = str(form.get("token") or "")
    try:
        found = passwords.open_link(session=session, token=token)
    except passwords.LinkUnusable:
        return _unusable(request)

    def save(data: NewPasswordForm) -> Response:
        try:
            passwords.use_link(session=session, token=token, form=data)
        except passwords.LinkUnusable:
            return _unusable(request)
        return redirect(
            request, url(request, "auth.login_form"), flash="Your password is saved. Sign in with it now"
        )

    return submit(request, _reset_page(request, token, found.purpose), form, save=save)
