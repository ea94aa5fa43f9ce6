"""Sign in (with a password and, when set up, an authenticator code) and sign out."""

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SESSION_COOKIE, OptionalUser, SessionDep, SettingsDep
from app.forms import FormState, form_fields, parse_form
from app.models import User
from app.schemas import LoginForm
from app.schemas.account import CodeForm
from app.services.accounts import auth, two_factor
from app.templating import render
from app.web import FormDataDep, redirect, safe_target, url

router = APIRouter()


def _login_page(
    request: Request,
    settings: SettingsDep,
    state: FormState[LoginForm],
    next_url: str | None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "auth/login.html",
        {
            "fields": form_fields(LoginForm, state.values, state.errors),
            "errors": state.errors,
            "next_url": next_url,
            "single_sign_on": settings.oidc_button_text if settings.single_sign_on else None,
        },
        status_code=status,
    )


def client_address(request: Request) -> str | None:
    # Behind a proxy this is the visitor's address only if uvicorn trusts the proxy's headers.
    return request.client.host if request.client else None


def set_session_cookie(response: Response, token: str, settings: SettingsDep) -> Response:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies, path="/"
    )
    return response


def start_signed_in(
    request: Request, session: SessionDep, settings: SettingsDep, user: User, next_url: str | None
) -> Response:
    """A new session in this browser (ending any it had), then on to where the person was going, or to set
    up an authenticator app first when one is required of them."""
    old_token = request.cookies.get(SESSION_COOKIE)
    if old_token:
        auth.revoke_session(session=session, token=old_token)
    token = auth.start_session(
        session=session,
        user=user,
        user_agent=request.headers.get("user-agent"),
        client_address=client_address(request),
    )
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
    return _login_page(request, settings, FormState(values={}), safe_target(next))


@router.post("/login", name="auth.login")
def login(request: Request, session: SessionDep, settings: SettingsDep, form: FormDataDep) -> Response:
    next_url = safe_target(form.get("next"))
    state = parse_form(LoginForm, form)
    if state.data is None:
        return _login_page(request, settings, state, next_url, status=400)
    try:
        user = auth.authenticate(
            session=session,
            email=state.data.email,
            password=state.data.password,
            client_address=client_address(request),
            settings=settings,
        )
    except auth.LoginThrottled as throttled:
        source = "from this network" if throttled.by_address else "with this email address"
        state.errors["email"] = (
            f"Too many attempts to sign in {source}. "
            f"Wait {settings.login_lockout_minutes} minutes, then try again"
        )
        return _login_page(request, settings, state, next_url, status=429)
    except auth.InvalidCredentials:
        state.errors["email"] = "Enter a correct email address and password"
        return _login_page(request, settings, state, next_url, status=400)
    if not two_factor.is_enrolled(user):
        return start_signed_in(request, session, settings, user, next_url)
    old_token = request.cookies.get(SESSION_COOKIE)
    if old_token:
        auth.revoke_session(session=session, token=old_token)
    waiting = auth.start_session(
        session=session,
        user=user,
        user_agent=request.headers.get("user-agent"),
        client_address=client_address(request),
        awaiting_second_factor=True,
    )
    target = url(request, "auth.two_factor_form") + (f"?next={quote(next_url, safe='/')}" if next_url else "")
    return set_session_cookie(redirect(request, target), waiting, settings)


def _code_page(
    request: Request, state: FormState[CodeForm], next_url: str | None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "auth/two_factor.html",
        {
            "fields": form_fields(CodeForm, state.values, state.errors),
            "errors": state.errors,
            "next_url": next_url,
        },
        status_code=status,
    )


@router.get("/login/two-factor", name="auth.two_factor_form")
def two_factor_form(request: Request, session: SessionDep, next: str | None = None) -> Response:
    if two_factor.waiting_user(session=session, token=request.cookies.get(SESSION_COOKIE)) is None:
        return redirect(request, url(request, "auth.login_form"))
    return _code_page(request, FormState(values={}), safe_target(next))


@router.post("/login/two-factor", name="auth.two_factor")
def two_factor_sign_in(
    request: Request, session: SessionDep, settings: SettingsDep, form: FormDataDep
) -> Response:
    next_url = safe_target(form.get("next"))
    state = parse_form(CodeForm, form)
    if state.data is None:
        return _code_page(request, state, next_url, status=400)
    try:
        user = two_factor.finish_sign_in(
            session=session, token=request.cookies.get(SESSION_COOKIE), code=state.data.code
        )
    except two_factor.CodeRejected as rejected:
        if rejected.start_again:
            return redirect(request, url(request, "auth.login_form"), flash=rejected.message, warning=True)
        state.errors["code"] = rejected.message
        return _code_page(request, state, next_url, status=400)
    return start_signed_in(request, session, settings, user, next_url)


@router.post("/logout", name="auth.logout")
def logout(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.revoke_session(session=session, token=token)
    response = redirect(request, url(request, "auth.login_form"), flash="You have been signed out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
