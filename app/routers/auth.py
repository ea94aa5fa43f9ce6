"""Sign in (with a password and, when set up, an authenticator code) and sign out."""

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.deps import SESSION_COOKIE, OptionalUser, SessionDep, SettingsDep
from app.errors import FieldError
from app.form_pages import F, FormPage, show, submit
from app.forms import FormState, parse_form
from app.models import User
from app.schemas import LoginForm
from app.schemas.account import CodeForm
from app.services.accounts import auth, two_factor
from app.web import FormDataDep, redirect, safe_target, url

router = APIRouter()


def auth_form_page(
    form: type[F],
    *,
    heading: str,
    action: str,
    button: str,
    back: str | None,
    intro: list[str] | None = None,
    hidden: dict[str, str] | None = None,
    nav_active: str | None = None,
) -> FormPage[F]:
    """A page of the sign-in and account forms (auth/form.html): a heading, ``intro`` paragraphs, the
    form's fields after any ``hidden`` ones, and a ``back`` link unless it has none."""
    return FormPage(
        template="auth/form.html",
        form=form,
        context={
            "heading": heading,
            "intro": intro or [],
            "hidden": hidden or {},
            "action": action,
            "back": back,
            "button": button,
            "nav_active": nav_active,
        },
    )


def _login_page(settings: SettingsDep, next_url: str | None) -> FormPage[LoginForm]:
    return FormPage(
        template="auth/login.html",
        form=LoginForm,
        context={
            "next_url": next_url,
            "single_sign_on": settings.oidc_button_text if settings.single_sign_on else None,
        },
    )


def client_address(request: Request) -> str | None:
    # Behind a proxy this is the visitor's address only if uvicorn trusts the proxy's headers.
    return request.client.host if request.client else None


def set_session_cookie(response: Response, token: str, settings: SettingsDep) -> Response:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies, path="/"
    )
    return response


def new_session(
    request: Request, session: Session, user: User, *, awaiting_second_factor: bool = False
) -> str:
    """A new session for ``user`` in this browser, ending any it had: a token from before sign-in is never
    used again. Answers the new session's token, for the cookie."""
    old_token = request.cookies.get(SESSION_COOKIE)
    if old_token:
        auth.revoke_session(session=session, token=old_token)
    return auth.start_session(
        session=session,
        user=user,
        user_agent=request.headers.get("user-agent"),
        client_address=client_address(request),
        awaiting_second_factor=awaiting_second_factor,
    )


def start_signed_in(
    request: Request, session: SessionDep, settings: SettingsDep, user: User, next_url: str | None
) -> Response:
    """A new session in this browser (ending any it had), then on to where the person was going, or to set
    up an authenticator app first when one is required of them."""
    token = new_session(request, session, user)
    target = next_url or url(request, "places.index")
    if two_factor.setup_required(session=session, user=user):
        target = url(request, "account.two_factor")
    return set_session_cookie(redirect(request, target), token, settings)


@router.get("/login", name="auth.login_form")
def login_form(
    request: Request, settings: SettingsDep, user: OptionalUser, next: str | None = None
) -> Response:
    if user is not None:
        return RedirectResponse(safe_target(next) or url(request, "places.index"), status_code=303)
    return show(request, _login_page(settings, safe_target(next)), FormState(values={}))


@router.post("/login", name="auth.login")
def login(request: Request, session: SessionDep, settings: SettingsDep, form: FormDataDep) -> Response:
    next_url = safe_target(form.get("next"))
    page = _login_page(settings, next_url)
    state = parse_form(LoginForm, form)

    def save(data: LoginForm) -> Response:
        try:
            user = auth.authenticate(
                session=session,
                email=data.email,
                password=data.password,
                client_address=client_address(request),
                settings=settings,
            )
        except auth.LoginThrottled as throttled:
            source = "from this network" if throttled.by_address else "with this email address"
            state.errors["email"] = (
                f"Too many attempts to sign in {source}. "
                f"Wait {settings.login_lockout_minutes} minutes, then try again"
            )
            return show(request, page, state, status=429)
        except auth.InvalidCredentials:
            raise FieldError("email", "Enter a correct email address and password") from None
        if not two_factor.is_enrolled(user):
            return start_signed_in(request, session, settings, user, next_url)
        waiting = new_session(request, session, user, awaiting_second_factor=True)
        target = url(request, "auth.two_factor_form") + (
            f"?next={quote(next_url, safe='/')}" if next_url else ""
        )
        return set_session_cookie(redirect(request, target), waiting, settings)

    return submit(request, page, form, save=save, parsed=state)


def _code_page(next_url: str | None) -> FormPage[CodeForm]:
    return FormPage(template="auth/two_factor.html", form=CodeForm, context={"next_url": next_url})


@router.get("/login/two-factor", name="auth.two_factor_form")
def two_factor_form(request: Request, session: SessionDep, next: str | None = None) -> Response:
    if two_factor.waiting_user(session=session, token=request.cookies.get(SESSION_COOKIE)) is None:
        return redirect(request, url(request, "auth.login_form"))
    return show(request, _code_page(safe_target(next)), FormState(values={}))


@router.post("/login/two-factor", name="auth.two_factor")
def two_factor_sign_in(
    request: Request, session: SessionDep, settings: SettingsDep, form: FormDataDep
) -> Response:
    next_url = safe_target(form.get("next"))

    def save(data: CodeForm) -> Response:
        try:
            user = two_factor.finish_sign_in(
                session=session, token=request.cookies.get(SESSION_COOKIE), code=data.code
            )
        except two_factor.CodeRejected as rejected:
            if rejected.start_again:
                return redirect(
                    request, url(request, "auth.login_form"), flash=rejected.message, warning=True
                )
            raise FieldError("code", rejected.message) from None
        return start_signed_in(request, session, settings, user, next_url)

    return submit(request, _code_page(next_url), form, save=save)


@router.post("/logout", name="auth.logout")
def logout(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.revoke_session(session=session, token=token)
    response = redirect(request, url(request, "auth.login_form"), flash="You have been signed out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
