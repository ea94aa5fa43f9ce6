"""Sign in and sign out."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SESSION_COOKIE, OptionalUser, SessionDep, SettingsDep
from app.forms import FormState, form_fields, parse_form
from app.schemas import LoginForm
from app.services.accounts import auth
from app.templating import render
from app.web import FormDataDep, redirect, safe_target, url

router = APIRouter()


def _login_page(
    request: Request, state: FormState[LoginForm], next_url: str | None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "auth/login.html",
        {
            "fields": form_fields(LoginForm, state.values, state.errors),
            "errors": state.errors,
            "next_url": next_url,
        },
        status_code=status,
    )


@router.get("/login", name="auth.login_form")
def login_form(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_target(next) or url(request, "places.index"), status_code=303)
    return _login_page(request, FormState(values={}), safe_target(next))


@router.post("/login", name="auth.login")
def login(request: Request, session: SessionDep, settings: SettingsDep, form: FormDataDep) -> Response:
    next_url = safe_target(form.get("next"))
    state = parse_form(LoginForm, form)
    if state.data is None:
        return _login_page(request, state, next_url, status=400)
    try:
        user = auth.authenticate(
            session=session,
            email=state.data.email,
            password=state.data.password,
            # Behind a proxy this is the visitor's address only if uvicorn trusts the proxy's headers.
            client_address=request.client.host if request.client else None,
            settings=settings,
        )
    except auth.LoginThrottled as throttled:
        source = "from this network" if throttled.by_address else "with this email address"
        state.errors["email"] = (
            f"Too many attempts to sign in {source}. "
            f"Wait {settings.login_lockout_minutes} minutes, then try again"
        )
        return _login_page(request, state, next_url, status=429)
    except auth.InvalidCredentials:
        state.errors["email"] = "Enter a correct email address and password"
        return _login_page(request, state, next_url, status=400)
    old_token = request.cookies.get(SESSION_COOKIE)
    if old_token:
        auth.revoke_session(session=session, token=old_token)
    token = auth.start_session(session=session, user=user)
    response = redirect(request, next_url or url(request, "places.index"))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )
    return response


@router.post("/logout", name="auth.logout")
def logout(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.revoke_session(session=session, token=token)
    response = redirect(request, url(request, "auth.login_form"), flash="You have been signed out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
