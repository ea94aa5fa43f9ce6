"""create_app(): routers, static files, error pages and middleware."""

import logging
import traceback
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import api_errors
from app.body import RequestBodyMiddleware
from app.capacity import CapacityMiddleware
from app.config import ROOT, Settings, get_settings
from app.db import make_engine, make_session_factory
from app.deps import ApiUnauthorized, LoginRequired, TwoFactorSetupRequired
from app.errors import NotFound
from app.observability import Metrics, RequestMiddleware
from app.public_answers import PublicAnswerMiddleware
from app.routers import (
    account,
    admin,
    admin_imports,
    api,
    audit,
    auth,
    dashboards,
    editions,
    exports,
    health,
    history,
    listening,
    mapping,
    narrative,
    passwords,
    places,
    plan,
    progress,
    public,
    review,
    single_sign_on,
    tensions,
    two_factor,
)
from app.security import SECURITY_HEADERS, CsrfFailed, SecurityMiddleware, csrf_protect
from app.services.access import PermissionDenied
from app.services.listening import survey_import
from app.services.outputs import document
from app.templating import render
from app.web import AlreadySubmitted

logger = logging.getLogger("cohesion")

MAX_FORM_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = survey_import.MAX_UPLOAD_BYTES + 1024 * 1024  # the file and the form around it

ERROR_PAGES: dict[int, tuple[str, list[str]]] = {
    400: ("Sorry, there is a problem with that request", ["Check the address or the form and try again."]),
    403: (
        "You do not have permission to do that",
        [
            "Your role does not allow this page or this change.",
            "Ask an officer of the place if you need it.",
        ],
    ),
    404: (
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    ),
    405: ("Page not found", ["This page cannot be used like that."]),
    408: (
        "Sorry, the form took too long to arrive",
        ["Nothing was saved. Check your connection, then go back and send it again."],
    ),
    409: (
        "Someone else changed this",
        ["It changed since you opened it. Open it again to see the latest version."],
    ),
    413: (
        "Sorry, that is too large",
        [
            f"Nothing was saved. A file can be up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, and a form "
            f"without a file up to {MAX_FORM_BYTES // (1024 * 1024)} MB.",
        ],
    ),
    500: (
        "Sorry, there is a problem with the service",
        ["Try again later. Nothing you sent was half-saved."],
    ),
    503: (
        "Sorry, the service is busy",
        ["Nothing was saved. Try again in a minute."],
    ),
}
CSRF_MESSAGE = [
    "The form had expired or did not come from this service, so nothing was saved.",
    "Go back, reload the page and try again.",
]


def error_page(
    request: Request,
    status: int,
    paragraphs: list[str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    heading, default = ERROR_PAGES.get(status, ERROR_PAGES[500])
    if request.url.path.startswith("/healthz"):
        return Response(status_code=status)
    if api_errors.is_api_request(request):
        return api_errors.error_response(status, headers)  # the JSON API never answers with an HTML page
    response = render(
        request,
        "errors/error.html",
        {"heading": heading, "paragraphs": paragraphs or default},
        status_code=status,
    )
    response.headers.update(headers or {})
    return response


def _handler(status: int, paragraphs: list[str] | None = None) -> Callable[[Request, Exception], Response]:
    def handle(request: Request, exc: Exception) -> Response:
        return error_page(request, status, paragraphs)

    return handle


def _login_redirect(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = str(request.url_for("auth.login_form").path) + "?next=" + quote(target, safe="/")
    response = RedirectResponse(login, status_code=303)
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Redirect"] = login
    return response


def _two_factor_setup(request: Request, exc: Exception) -> Response:
    # The set-up page itself says that it is required.
    target = str(request.url_for("account.two_factor").path)
    response = RedirectResponse(target, status_code=303)
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Redirect"] = target
    return response


def _http_exception(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    headers = exc.headers if isinstance(exc, StarletteHTTPException) else None  # Allow, on a 405
    return error_page(request, status if status in ERROR_PAGES else 500, headers=headers)


def _invalid_request(request: Request, exc: Exception) -> Response:
    """A bad path or query parameter: 422 with every problem for the API; for pages, no such page."""
    if api_errors.is_api_request(request):
        return api_errors.validation_error_response(request, exc)
    return error_page(request, 404)


def _already_submitted(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AlreadySubmitted)
    return exc.response(request)


def _too_busy(request: Request) -> Response:
    return error_page(request, 503, headers={"Retry-After": "30"})


def _busy(request: Request, exc: Exception) -> Response:
    logger.warning("No database connection free for %s %s", request.method, request.url.path)
    return error_page(request, 503, headers={"Retry-After": "30"})


def _unexpected(request: Request, exc: Exception) -> Response:
    if isinstance(exc, DBAPIError):
        # The database's own message can quote a value someone typed (PostgreSQL's "Key (email)=(...)
        # already exists"), so the log gets its kind, code, statement and where it came from, not the text.
        orig = exc.orig
        logger.error(
            "Database error %s (%s, %s) on %s %s\n%s\n%s",
            type(exc).__name__,
            type(orig).__name__,
            getattr(orig, "sqlstate", None) or "no code",
            request.method,
            request.url.path,
            exc.statement,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
    else:
        # exc_info from the argument: a sync handler runs in a worker thread, where sys.exc_info() is empty.
        logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    response = error_page(request, 500)
    # Starlette sends this page from its outermost layer, past the security middleware: same headers here.
    for name, value in SECURITY_HEADERS:
        response.headers.setdefault(name, value)
    return response


def check_production_settings(settings: Settings, engine: Engine) -> None:
    """Refuse to run in production with the development secret key or with demo accounts present."""
    if not settings.is_production:
        return
    from app.config import DEFAULT_SECRET_KEY
    from seed.demo import demo_accounts_present

    if settings.secret_key == DEFAULT_SECRET_KEY or len(settings.secret_key) < 32:
        raise RuntimeError(
            "COHESION_SECRET_KEY must be set to a random value of 32 or more characters in production"
        )
    if demo_accounts_present(engine):
        raise RuntimeError(
            "Demo accounts (@demo.test) exist in this database; remove them before running in production"
        )


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, session_factory: Any = None
) -> FastAPI:
    settings = settings or get_settings()
    engine = engine or make_engine(settings.database_url)
    check_production_settings(settings, engine)
    if settings.is_production:
        # A production worker loads WeasyPrint when it starts (about half a second), so the first strategy
        # PDF it draws does not wait for it; tests and the demo load it on first use.
        document.load_pdf_engine()
    app = FastAPI(
        title="Cohesion Strategy Toolkit",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory or make_session_factory(engine)
    # Innermost: a worker works on at most capacity.REQUESTS_AT_ONCE requests at a time, once their bodies
    # are read; the rest wait their turn.
    app.add_middleware(CapacityMiddleware, busy=_too_busy)
    # The body is read whole, within its limits, before any route opens a transaction.
    app.add_middleware(
        RequestBodyMiddleware,
        refuse=error_page,
        max_form_bytes=MAX_FORM_BYTES,
        max_upload_bytes=MAX_UPLOAD_BYTES,
    )
    # Inside the security middleware, so its headers go on a residents' page answered from memory too.
    app.add_middleware(PublicAnswerMiddleware)
    app.add_middleware(SecurityMiddleware)
    # Added last, so it is outermost: the request id and timing cover everything else.
    app.state.metrics = Metrics()
    app.add_middleware(RequestMiddleware, metrics=app.state.metrics)
    app.mount("/static", StaticFiles(directory=ROOT / "app" / "static"), name="static")
    for router in (
        health.router,
        auth.router,
        passwords.router,
        single_sign_on.router,
        two_factor.router,
        places.router,
        history.router,
        editions.router,
        admin.router,
        admin_imports.router,
        audit.router,
        account.router,
        api.router,
        listening.router,
        mapping.router,
        plan.router,
        progress.router,
        dashboards.router,
        review.router,
        exports.router,
        narrative.router,
        tensions.router,
        public.router,
    ):
        app.include_router(router)

    app.add_exception_handler(LoginRequired, _login_redirect)
    app.add_exception_handler(TwoFactorSetupRequired, _two_factor_setup)
    # A form sent again with a one-time token that has already saved: go where the first one went.
    app.add_exception_handler(AlreadySubmitted, _already_submitted)
    app.add_exception_handler(ApiUnauthorized, api_errors.unauthorized_response)
    app.add_exception_handler(CsrfFailed, _handler(403, CSRF_MESSAGE))
    app.add_exception_handler(PermissionDenied, _handler(403))
    app.add_exception_handler(NotFound, _handler(404))  # every service's "no such record here"
    app.add_exception_handler(RequestValidationError, _invalid_request)
    # A value the database cannot hold, such as an id beyond its integer range in a URL: no such page
    # (PostgreSQL reports it as a DataError; the SQLite driver as an OverflowError).
    app.add_exception_handler(DataError, _handler(404))
    app.add_exception_handler(OverflowError, _handler(404))
    # No database connection free within the pool's wait (db.POOL_TIMEOUT): busy, try again.
    app.add_exception_handler(PoolTimeout, _busy)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected)
    return app
