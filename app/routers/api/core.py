"""The read-only JSON API under /api/v1/: places, strategies and editions, the errors each may answer with,
and its OpenAPI document. The stages' records are in records.py; how an error is answered, in
``app.api_errors``.

Access is the web pages' access: a place you are not a member of does not exist (404), and drafts are for
officers and facilitators (403 for councillors). Credentials are a personal API token (``Authorization:
Bearer``) or the signed-in session; without them, 401 with ``WWW-Authenticate: Bearer``.
"""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel

from app.deps import ApiReadablePlace, ApiReadableStrategy, ApiUser, SessionDep
from app.models import Place, Role
from app.models.base import id_of
from app.schemas.api import (
    AreaRead,
    EditionDetailRead,
    EditionPage,
    EditionRead,
    ErrorRead,
    NoQuery,
    PageQuery,
    PlaceDetailRead,
    PlacePage,
    PlaceRead,
    StrategyPage,
    StrategyRead,
    ValidationErrorRead,
)
from app.services import api
from app.services.accounts import admin

PREFIX = "/api/v1"
router = APIRouter(prefix=PREFIX)


def page_query(request: Request, query: Annotated[PageQuery, Query()]) -> PageQuery:
    """``page`` and ``page_size``, each given at most once: a repeated one is refused, not guessed at."""
    repeated = sorted({key for key in request.query_params if len(request.query_params.getlist(key)) > 1})
    if repeated:
        raise RequestValidationError(
            [
                {"type": "repeated", "loc": ("query", key), "msg": "is given more than once"}
                for key in repeated
            ]
        )
    return query


Paging = Annotated[PageQuery, Depends(page_query)]
Page = TypeVar("Page", bound=BaseModel)


def paged(page_type: type[Page], found: api.Page[Any], paging: PageQuery, read: Callable[[Any], Any]) -> Page:
    """The shape every list endpoint answers with: ``{"items": [...], "page", "page_size", "total"}``, each
    item of the page ``found`` made into its response model by ``read``."""
    return page_type(
        items=[read(item) for item in found.items],
        page=paging.page,
        page_size=paging.page_size,
        total=found.total,
    )


Strict = Annotated[NoQuery, Query()]  # takes no query parameters: any is refused
EditionId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The edition's id.")]

# --- The errors each endpoint may answer with, for the OpenAPI document (app.api_errors answers them) ---

UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorRead,
        "description": "No credentials; a malformed Authorization header; an unknown or revoked token; or "
        "a deactivated account.",
        "headers": {
            "WWW-Authenticate": {"description": "Always starts with Bearer.", "schema": {"type": "string"}}
        },
    }
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ValidationErrorRead,
        "description": "A parameter is not valid, or the query string has a parameter this address "
        "does not take.",
    }
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {
        "model": ErrorRead,
        "description": "No such place, strategy or record, or you are not a member of the place.",
    }
}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {
        "model": ErrorRead,
        "description": "Your role may not read drafts: councillors read places, strategies and editions.",
    }
}
PLACE_RESPONSES = {**UNAUTHORIZED, **NOT_FOUND, **INVALID}
DRAFT_RESPONSES = {**UNAUTHORIZED, **FORBIDDEN, **NOT_FOUND, **INVALID}


def described(
    operation_id: str,
    summary: str,
    tag: str,
    model: type[BaseModel],
    responses: dict[int | str, dict[str, Any]] = PLACE_RESPONSES,
) -> dict[str, Any]:
    """How a GET endpoint is described in the OpenAPI document. Its route is named after what it answers
    with: ``api.places`` for the operation ``list_places``, ``api.place`` for ``get_place``."""
    return {
        "name": "api." + operation_id.split("_", 1)[1],
        "summary": summary,
        "operation_id": operation_id,
        "tags": [tag],
        "response_model": model,
        "responses": responses,
    }


# --- Places, strategies and editions ------------------------------------------------------------------------


@router.get(
    "/places",
    **described("list_places", "List your places", "places", PlacePage, {**UNAUTHORIZED, **INVALID}),
)
def places(session: SessionDep, user: ApiUser, paging: Paging) -> PlacePage:
    """The places you are a member of, by name, with your role in each."""
    found = api.list_places(session=session, user=user, page=paging.page, page_size=paging.page_size)
    return paged(PlacePage, found, paging, _place_read)


def _place_read(found: tuple[Place, Role]) -> PlaceRead:
    place, role = found
    return PlaceRead(**place.model_dump(), role=role)


@router.get("/places/{place_slug}", **described("get_place", "Get a place", "places", PlaceDetailRead))
def place(session: SessionDep, ctx: ApiReadablePlace, _query: Strict) -> PlaceDetailRead:
    """A place, your role in it and its areas."""
    areas = admin.list_areas(session=session, place=ctx.place)
    return PlaceDetailRead(
        **ctx.place.model_dump(),
        role=ctx.role,
        areas=[
            AreaRead(
                id=id_of(area),
                name=area.name,
                welsh_name=area.welsh_name,
                gss_code=area.gss_code,
                population=area.population,
                profile_source=area.profile_source,
                has_boundary=area.boundary is not None,
            )
            for area in areas
        ],
    )


@router.get(
    "/places/{place_slug}/strategies",
    **described("list_strategies", "List a place's strategies", "strategies", StrategyPage),
)
def strategies(session: SessionDep, ctx: ApiReadablePlace, paging: Paging) -> StrategyPage:
    """The place's strategies, newest first."""
    found = api.list_strategies(
        session=session, place=ctx.place, page=paging.page, page_size=paging.page_size
    )
    return paged(StrategyPage, found, paging, StrategyRead.model_validate)


@router.get(
    "/places/{place_slug}/strategies/{strategy_slug}",
    **described("get_strategy", "Get a strategy", "strategies", StrategyRead),
)
def strategy(ctx: ApiReadableStrategy, _query: Strict) -> StrategyRead:
    """One strategy of the place."""
    return StrategyRead.model_validate(ctx.strategy)


@router.get(
    "/places/{place_slug}/strategies/{strategy_slug}/editions",
    **described("list_editions", "List a strategy's editions", "editions", EditionPage),
)
def editions_index(session: SessionDep, ctx: ApiReadableStrategy, paging: Paging) -> EditionPage:
    """The strategy's published editions of every stage, newest first."""
    found = api.list_editions(
        session=session, strategy=ctx.strategy, page=paging.page, page_size=paging.page_size
    )
    return paged(EditionPage, found, paging, EditionRead.model_validate)


@router.get(
    "/places/{place_slug}/strategies/{strategy_slug}/editions/{edition_id}",
    **described("get_edition", "Get an edition with its records", "editions", EditionDetailRead),
)
def edition(
    session: SessionDep, ctx: ApiReadableStrategy, edition_id: EditionId, _query: Strict
) -> EditionDetailRead:
    """An edition with its stage's records as they were when it was published. Councillors see what
    residents said as a count only, without the fields about people; any count of people from 1 to 9 reads
    "fewer than 10", and a set of scores from fewer than 10 people is left out."""
    found = api.edition_detail(
        session=session, strategy=ctx.strategy, edition_id=edition_id, personal=ctx.access.can_read_drafts
    )
    return EditionDetailRead.model_validate(
        {**found.edition.model_dump(), "published_by": found.published_by, "kinds": found.kinds}
    )


# --- The OpenAPI document -----------------------------------------------------------------------------------

DESCRIPTION = """\
Read-only access to the places you are a member of, for your own reporting tools.

**Credentials**: a personal API token, created on your account page, sent as `Authorization: Bearer <token>`.
A revoked token, or the token of a deactivated account, is refused with 401.

**Access** is the same as in the web pages: a place you are not a member of is not found (404); draft records
(listening, mapping, plan and progress as they are now) are for officers and facilitators, and councillors
get 403 for them; everyone in a place reads its strategies and published editions.

**Small counts**: to anyone who may not read drafts, a count of people from 1 to 9 reads "fewer than 10"
and anything worked out from fewer than 10 people is left out, so that nobody can be singled out.

**Lists** are paginated with `page` (from 1) and `page_size` (1 to 200, 50 if not given), and answer
`{"items": [...], "page": n, "page_size": n, "total": n}`. An unknown or invalid query parameter is refused
with 422.
"""


@router.get("/openapi.json", name="api.openapi", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    """The OpenAPI 3.1 description of the API, made from its routes and response models."""
    routes = [
        route
        for route in iter_route_contexts(request.app.routes)
        if (route.path or "").startswith(PREFIX + "/")
    ]
    document = get_openapi(
        title="Cohesion Strategy Toolkit API", version="1.0.0", description=DESCRIPTION, routes=routes
    )
    return JSONResponse(document)
