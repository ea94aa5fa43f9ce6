"""The JSON API's draft records: each stage of a strategy as it is now, for officers and facilitators.

Councillors get 403 here, as on the screens: they read published editions instead (api.py)."""

from typing import Any, TypeVar

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import ApiDraftReadableStrategy, SessionDep
from app.models import ListeningExercise, Priority, Strength, Struggle, Voice
from app.routers.api.core import DRAFT_RESPONSES, PREFIX, Paging, paged
from app.schemas.api import (
    ActionPage,
    ActionRead,
    ActionUpdateRead,
    IndicatorPage,
    IndicatorRead,
    ListeningExercisePage,
    ListeningExerciseRead,
    MeasurementRead,
    PriorityPage,
    PriorityRead,
    StrengthPage,
    StrengthRead,
    StrugglePage,
    StruggleRead,
    VoicePage,
    VoiceRead,
)
from app.services import api

router = APIRouter(prefix=PREFIX + "/places/{place_slug}/strategies/{strategy_slug}")

P = TypeVar("P", bound=BaseModel)


def _register_list(
    path: str,
    *,
    kind: str,
    summary: str,
    tag: str,
    page_type: type[P],
    read_type: type[BaseModel],
    model: type[Any],
    description: str,
) -> None:
    """A list endpoint for one simple kind: one page of the strategy's records, in the shape every list
    endpoint answers with."""

    def endpoint(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> P:
        found = api.list_records(
            session=session, strategy=ctx.strategy, model=model, page=paging.page, page_size=paging.page_size
        )
        return paged(page_type, [read_type.model_validate(row) for row in found.items], paging, found.total)

    router.add_api_route(
        path,
        endpoint,
        methods=["GET"],
        name=f"api.{kind}",
        summary=summary,
        operation_id=f"list_{kind}",
        tags=[tag],
        response_model=page_type,
        responses=DRAFT_RESPONSES,
        description=description,
    )


_register_list(
    "/listening/exercises",
    kind="listening_exercises",
    summary="List listening exercises",
    tag="listening",
    page_type=ListeningExercisePage,
    read_type=ListeningExerciseRead,
    model=ListeningExercise,
    description="Listening exercises, in the order they were added.",
)
_register_list(
    "/listening/voices",
    kind="voices",
    summary="List voices",
    tag="listening",
    page_type=VoicePage,
    read_type=VoiceRead,
    model=Voice,
    description="What people said (personal details removed before it was stored), in the order it was "
    "added.",
)
_register_list(
    "/strengths",
    kind="strengths",
    summary="List strengths",
    tag="mapping",
    page_type=StrengthPage,
    read_type=StrengthRead,
    model=Strength,
    description="What the place already has, in the order it was added.",
)
_register_list(
    "/struggles",
    kind="struggles",
    summary="List struggles",
    tag="mapping",
    page_type=StrugglePage,
    read_type=StruggleRead,
    model=Struggle,
    description="Tensions and challenges the place faces, in the order they were added.",
)
_register_list(
    "/priorities",
    kind="priorities",
    summary="List priorities",
    tag="plan",
    page_type=PriorityPage,
    read_type=PriorityRead,
    model=Priority,
    description="The outcomes the strategy aims for, in their set order.",
)


@router.get(
    "/actions",
    name="api.actions",
    summary="List actions with their updates",
    operation_id="list_actions",
    tags=["plan"],
    response_model=ActionPage,
    responses=DRAFT_RESPONSES,
)
def actions(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> ActionPage:
    """Actions in the order they were added, each with its progress updates."""
    found = api.list_actions(
        session=session, strategy=ctx.strategy, page=paging.page, page_size=paging.page_size
    )
    items = [
        ActionRead.model_validate(
            {**action.model_dump(), "updates": [ActionUpdateRead.model_validate(u) for u in updates]}
        )
        for action, updates in found.items
    ]
    return paged(ActionPage, items, paging, found.total)


@router.get(
    "/indicators",
    name="api.indicators",
    summary="List indicators with their measurements",
    operation_id="list_indicators",
    tags=["plan"],
    response_model=IndicatorPage,
    responses=DRAFT_RESPONSES,
)
def indicators(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> IndicatorPage:
    """Indicators in the order they were added, each with its measurements."""
    found = api.list_indicators(
        session=session, strategy=ctx.strategy, page=paging.page, page_size=paging.page_size
    )
    items = [
        IndicatorRead.model_validate(
            {
                **indicator.model_dump(),
                "measurements": [MeasurementRead.model_validate(m) for m in measurements],
            }
        )
        for indicator, measurements in found.items
    ]
    return paged(IndicatorPage, items, paging, found.total)
