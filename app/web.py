"""Small helpers every router shares: reading a form, redirects after a write, one-off messages."""

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

if TYPE_CHECKING:
    from app.deps import StrategyAccess

FLASH_COOKIE = "cohesion_flash"


async def get_form_data(request: Request) -> FormData:
    return await request.form()


FormDataDep = Annotated[FormData, Depends(get_form_data)]


def expected_version(form: FormData) -> int | None:
    """The hidden ``version`` the edit form was loaded with; a missing or garbled one counts as stale."""
    raw = form.get("version")
    if not isinstance(raw, str) or not raw.strip().isdigit():
        return 0
    return int(raw)


WARNING_MARK = "!"


def redirect(
    request: Request, url: str, *, flash: str | None = None, warning: bool = False
) -> RedirectResponse:
    """303 after a write (post/redirect/get); htmx follows it as a full page load. A ``warning`` flash is
    shown as an "Important" banner rather than a success."""
    response = RedirectResponse(url, status_code=303)
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Redirect"] = url
    if flash:
        text = (WARNING_MARK + flash if warning else flash)[:300]
        # Percent-encoded: a cookie holds only ASCII, and messages quote what users typed.
        response.set_cookie(FLASH_COOKIE, quote(text), httponly=True, samesite="lax", path="/", max_age=60)
    return response


def url(request: Request, name: str, **params: Any) -> str:
    return str(request.url_for(name, **params).path)


def stage_context(ctx: "StrategyAccess", **extra: Any) -> dict[str, Any]:
    """What every stage page is given: the place, the strategy and what the user may do there."""
    return {
        "access": ctx.access,
        "place": ctx.place,
        "strategy": ctx.strategy,
        "nav_active": "places",
        **extra,
    }


def strategy_ids(ctx: "StrategyAccess") -> dict[str, str]:
    """The path parameters of a strategy's pages, for ``url``."""
    return {"place_slug": ctx.place.slug, "strategy_slug": ctx.strategy.slug}


def int_or_none(value: str | None) -> int | None:
    """A query-string id: digits only, anything else is no filter."""
    return int(value) if value and value.isdigit() else None
