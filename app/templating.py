"""The Jinja environment and page-or-fragment rendering.

A variable missing from one of the app's own templates is an error (``StrictUndefined``), so a misspelt
name or a context a router forgot to pass fails the page test instead of rendering as blank text. GOV.UK
Frontend's Jinja macros test optional parameters by reading missing keys, so templates under
``govuk_frontend_jinja/`` are loaded by a lenient overlay of the same environment (``ChainableUndefined``).
"""

from collections.abc import Callable, Hashable, Mapping, MutableMapping
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    pass_context,
    select_autoescape,
)
from jinja2.loaders import ChoiceLoader
from markupsafe import Markup

from app import markdown
from app.config import ROOT
from app.security import NO_STORE, csrf_token
from app.services.listening.redaction import mark_removals
from app.services.outputs import disclosure
from app.services.outputs.kept import Kept
from app.text import plural, with_unit
from app.web import FLASH_COOKIE, WARNING_MARK, new_form_token, url

SERVICE_NAME = "Cohesion Strategy Toolkit"
UK_TIME = ZoneInfo("Europe/London")


def format_date(value: date | datetime | str | None) -> str:
    """1 April 2026; also for dates kept as ISO text inside JSON fields."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """UK local time; naive values are UTC (the version transaction's timestamp is stored naive)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UK_TIME)
    hour = value.hour % 12 or 12
    return f"{value.day} {value:%B %Y} at {hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


GOVUK_PREFIX = "govuk_frontend_jinja/"


class AppEnvironment(Environment):
    """Loads GOV.UK Frontend's templates through ``lenient``, an overlay that differs only in its Undefined:
    a template keeps the environment it was loaded by, so everything inside a GOV.UK macro (and the macros it
    imports) is lenient, and everything in the app's templates is strict."""

    lenient: Environment | None = None

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        if self.lenient is not None and name.startswith(GOVUK_PREFIX):
            return self.lenient._load_template(name, globals)
        return super()._load_template(name, globals)


def _environment() -> Environment:
    loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "app" / "templates")),
            PrefixLoader({GOVUK_PREFIX.rstrip("/"): PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    env = AppEnvironment(
        loader=loader,
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # English until a page passes its own language's gettext in its context (app/i18n.py).
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = format_date
    env.filters["datetime"] = format_datetime
    env.filters["plural"] = plural
    env.filters["with_unit"] = with_unit
    env.filters["people"] = disclosure.people
    env.filters["mark_removals"] = mark_removals
    env.filters["markdown"] = markdown.render
    env.globals["service_name"] = SERVICE_NAME
    env.globals["new_form_token"] = new_form_token
    env.globals["kept"] = kept
    # The overlay shares the loader, filters and globals (the same dicts): globals added later reach it too.
    env.lenient = env.overlay(undefined=ChainableUndefined)
    return env


# Fragments rendered before (a grid of 70 areas by 20 themes, a voice in the queue), by everything they
# show; at most this many characters in each worker, the least recently used dropped first.
FRAGMENTS_SIZE = 16_000_000
_FRAGMENTS: Kept[tuple[Hashable, ...], Markup] = Kept(FRAGMENTS_SIZE, getsizeof=len)


def kept(*key: Hashable, caller: Callable[[], Markup]) -> Markup:
    """``{% call kept(name, data, link) %}…{% endcall %}``: the fragment as rendered before for the same
    key, else rendered now and kept. The key must hold everything the fragment shows (its data, not a
    record's id, and every link's base), and the fragment must hold nothing particular to one request or
    reader (no form tokens)."""
    return _FRAGMENTS.get_or_work_out(key, caller)  # a macro's output, autoescaped: already Markup


def forget_fragments() -> None:
    _FRAGMENTS.clear()


def _request_context(request: Request) -> dict[str, Any]:
    flash = unquote(request.cookies.get(FLASH_COOKIE) or "")
    warning = flash.startswith(WARNING_MARK)
    return {
        "csrf_token": csrf_token(request),
        "flash": None if warning or not flash else flash,
        "flash_warning": flash.removeprefix(WARNING_MARK) if warning else None,
    }


@pass_context
def url_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """A path, not a full URL: links stay right behind a proxy and on any host name."""
    return url(context["request"], name, **path_params)


templates = Jinja2Templates(env=_environment(), context_processors=[_request_context])
templates.env.globals["url_for"] = url_for


def is_fragment_request(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    partial: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render the page, or only ``partial`` when htmx asks for a fragment (the page includes the partial)."""
    name = partial if partial is not None and is_fragment_request(request) else template
    response = templates.TemplateResponse(request, name, dict(context or {}), status_code=status_code)
    # SecurityMiddleware sets this too; set here as well for the 500 page, which Starlette sends from outside
    # every middleware.
    response.headers["Cache-Control"] = NO_STORE
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response
