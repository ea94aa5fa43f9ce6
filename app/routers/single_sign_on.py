"""Single sign-on with the council's identity provider (OpenID Connect).

Both routes are GETs that write (the sign-in request, then the session), so each write has its own short
transaction, and no transaction is open while the provider is being asked (services/single_sign_on.py)."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.db import short_write
from app.deps import SessionFactory, SettingsDep
from app.errors import NotFound
from app.routers.auth import new_session, set_session_cookie
from app.services.accounts import single_sign_on
from app.templating import render
from app.web import safe_target, url

router = APIRouter(prefix="/login/sso")
STATE_COOKIE = "cohesion_sso_state"


def _return_address(request: Request, settings: SettingsDep) -> str:
    return settings.base_url.rstrip("/") + url(request, "auth.sso_callback")


def _failed(request: Request, message: str, status: int = 400) -> Response:
    response = render(request, "auth/sso_failed.html", {"message": message}, status_code=status)
    response.delete_cookie(STATE_COOKIE, path=url(request, "auth.sso_callback"))
    return response


@router.get("/", name="auth.sso_start")
def start(
    request: Request, settings: SettingsDep, factory: SessionFactory, next: str | None = None
) -> Response:
    if not settings.single_sign_on:
        raise NotFound("single sign-on")
    try:
        single_sign_on.provider_metadata(settings)
        with short_write(factory) as session:
            target, state = single_sign_on.begin(
                session=session,
                settings=settings,
                redirect_uri=_return_address(request, settings),
                next_url=safe_target(next),
            )
    except single_sign_on.SignOnFailed as failed:
        return _failed(request, failed.message, status=502)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        state,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path=url(request, "auth.sso_callback"),
        max_age=int(single_sign_on.ANSWER_WITHIN.total_seconds()),
    )
    return response


@router.get("/callback", name="auth.sso_callback")
def callback(
    request: Request,
    settings: SettingsDep,
    factory: SessionFactory,
    state: str | None = None,
    code: str | None = None,
    error: str | None = None,
) -> Response:
    if not settings.single_sign_on:
        raise NotFound("single sign-on")
    try:
        with short_write(factory) as session:
            claimed = single_sign_on.claim(
                session=session,
                cookie_state=request.cookies.get(STATE_COOKIE),
                state=state,
                code=code,
                error=error,
            )
        identity = single_sign_on.identify(
            settings=settings,
            claimed=claimed,
            code=code or "",
            redirect_uri=_return_address(request, settings),
        )
        with short_write(factory) as session:
            user = single_sign_on.account_for(session=session, settings=settings, identity=identity)
            token = new_session(request, session, user)
    except single_sign_on.SignOnFailed as failed:
        return _failed(request, failed.message)
    response = RedirectResponse(claimed.next_url or url(request, "places.index"), status_code=303)
    response.delete_cookie(STATE_COOKIE, path=url(request, "auth.sso_callback"))
    return set_session_cookie(response, token, settings)
