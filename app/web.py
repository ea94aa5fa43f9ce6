"""Small helpers every router shares: reading a form, redirects after a write, one-off messages."""

import dataclasses
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.datastructures import FormData

from app.deps import SessionDep
from app.numbers_and_dates import read_whole_number
from app.services.accounts import form_submissions

if TYPE_CHECKING:
    from app.deps import StrategyAccess

FLASH_COOKIE = "cohesion_flash"


ONE_TIME_FIELD = "form_token"
ALREADY_SUBMITTED_MESSAGE = "This form was sent twice. It was saved once, the first time"


def new_form_token() -> str:
    """A one-time token for a form being shown (``csrf_field`` in components/form.html adds it)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class FormClaim:
    """This request holds its form's one-time token; ``redirect`` writes where the request went."""

    session: Session
    token: str


class AlreadySubmitted(Exception):
    """A POST with this form's one-time token has already saved; this one saves nothing."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location

    def response(self, request: Request) -> RedirectResponse:
        return redirect(request, self.location, flash=ALREADY_SUBMITTED_MESSAGE)


async def read_form(request: Request) -> FormData:
    return await request.form()


def get_form_data(
    request: Request, session: SessionDep, form: Annotated[FormData, Depends(read_form)]
) -> FormData:
    """The form as sent. Every form carries a one-time token: if a POST with it has already saved, this
    request ends here and the browser goes where the first POST went, so a double click or a resent form
    never saves twice. The token is claimed in the request's own transaction, so it is kept only if what the
    request saves is kept (see services/form_submissions.py)."""
    token = form.get(ONE_TIME_FIELD)
    if form_submissions.is_form_token(token):
        earlier = form_submissions.claim_token(session=session, token=token)
        if earlier is not None:
            raise AlreadySubmitted(earlier)
        request.state.form_claim = FormClaim(session=session, token=token)
    return form


FormDataDep = Annotated[FormData, Depends(get_form_data)]


def expected_version(form: FormData) -> int | None:
    """The hidden ``version`` the edit form was loaded with; a missing or garbled one counts as stale."""
    raw = form.get("version")
    found = read_whole_number(raw) if isinstance(raw, str) else None
    return 0 if found is None else found


WARNING_MARK = "!"


def safe_target(target: object, *, within: str = "/") -> str | None:
    """Where a request asks to go next (``next``), if it is a path on this site under ``within``; else None.

    Control characters are dropped first (a line break in a header would end it), and the check is made on
    what is left, as browsers also drop tabs and line breaks from an address: a slash, a tab, then a slash
    is the ``//host`` of another site. A full or scheme-relative URL or a backslash (which browsers read as
    ``/``) is refused, so the redirect after a sign-in or a save never leaves the site."""
    if not isinstance(target, str):
        return None
    path = "".join(char for char in target if unicodedata.category(char) != "Cc").strip()
    if not path.startswith(within) or path.startswith("//") or "\\" in path:
        return None
    return path


def redirect(
    request: Request, url: str, *, flash: str | None = None, warning: bool = False
) -> RedirectResponse:
    """303 after a write (post/redirect/get); htmx follows it as a full page load. A ``warning`` flash is
    shown as an "Important" banner rather than a success."""
    response = RedirectResponse(url, status_code=303)
    claim = getattr(request.state, "form_claim", None)
    if isinstance(claim, FormClaim):
        form_submissions.record_location(session=claim.session, token=claim.token, location=url)
    if request.headers.get("HX-Request") == "true":
        # The Location as RedirectResponse percent-encoded it: a header holds no line breaks and only Latin-1.
        response.headers["HX-Redirect"] = response.headers["location"]
    if flash:
        text = (WARNING_MARK + flash if warning else flash)[:300]
        # Percent-encoded: a cookie holds only ASCII, and messages quote what users typed.
        response.set_cookie(FLASH_COOKIE, quote(text), httponly=True, samesite="lax", path="/", max_age=60)
    return response


def _mark(key: str) -> str:
    return f"\x00{key}\x00"


def _path_format(app: Any, name: str, keys: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """The path of route ``name`` with a marker where each parameter goes, and the parameters that may hold
    a "/" (a mount's path). Found once per route and app: FastAPI's ``url_path_for`` walks every route and
    rebuilds its dependencies on each call, which cost more than the rest of a page with many links."""
    formats: dict[tuple[str, tuple[str, ...]], tuple[str, frozenset[str]]] = app.state.__dict__.setdefault(
        "path_formats", {}
    )
    found = formats.get((name, keys))
    if found is None:
        template = str(app.url_path_for(name, **{key: _mark(key) for key in keys}))
        slashed = set()
        for key in keys:
            try:
                app.url_path_for(name, **{k: _mark(k) + ("/" if k == key else "") for k in keys})
            except AssertionError:
                continue
            slashed.add(key)
        found = formats[(name, keys)] = (template, frozenset(slashed))
    return found


def url(request: Request, name: str, /, **path_params: Any) -> str:
    """The path of route ``name``, not a full URL: links stay right behind a proxy and on any host name."""
    root = str(request.scope.get("root_path", "")).rstrip("/")
    path, slashed = _path_format(request.app, name, tuple(sorted(path_params)))
    for key, value in path_params.items():
        text = str(value)
        # What Starlette's string convertor refuses, refused here too.
        if key not in slashed and ("/" in text or not text):
            raise AssertionError(f"{name}: {key} may not be empty or contain path separators")
        path = path.replace(_mark(key), text)
    return root + path


def absolute_links(app: Any, base_url: str) -> Callable[..., str]:
    """Links for emails, from the configured address of the service: a request's own host may be a
    proxy's, and the weekly summary is written with no request at all."""
    base = base_url.rstrip("/")

    def link_for(name: str, **params: Any) -> str:
        return base + str(app.url_path_for(name, **params))

    return link_for


def links(request: Request) -> Callable[..., str]:
    return absolute_links(request.app, request.app.state.settings.base_url)


def stage_context(ctx: "StrategyAccess", **extra: Any) -> dict[str, Any]:
    """What every stage page is given: the place, the strategy and what the user may do there."""
    return {
        "access": ctx.access,
        "place": ctx.place,
        "strategy": ctx.strategy,
        "nav_active": "places",
        **extra,
    }


def screen_context(screen: Any) -> dict[str, Any]:
    """What a screen shows (a dataclass a service's ``*_screen`` function returns, such as
    ``plan.screens.ActionScreen``) as its template's variables: one for each field, by the field's name."""
    return {field.name: getattr(screen, field.name) for field in dataclasses.fields(screen)}


def strategy_ids(ctx: "StrategyAccess") -> dict[str, str]:
    """The path parameters of a strategy's pages, for ``url``."""
    return {"place_slug": ctx.place.slug, "strategy_slug": ctx.strategy.slug}


def int_or_none(value: str | None) -> int | None:
    """A query-string id: a whole number an id column can hold, anything else is no filter."""
    return read_whole_number(value) if value else None


def attachment(filename: str) -> dict[str, str]:
    """The header that makes a download save as ``filename`` (any characters, in its UTF-8 form too)."""
    return {"Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"}
