"""The JSON API's draft records: each stage of a strategy as it is now, for officers and facilitators.

Councillors get 403 here, as on the screens: they read published editions instead (api.py)."""

from typing import Any, TypeVar

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import ApiDraftReadableStrategy, SessionDep
from app.models import ListeningExercise, Priority, Strength, Struggle, Voice
from app.routers.api.core import DRAFT_RESPONSES, PREFIX, Paging
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


def _records_page(
    page_type: type[P],
    read_type: type[BaseModel],
    model: type[Any],
    session: SessionDep,
    ctx: ApiDraftReadableStrategy,
    paging: Paging,
) -> P:
    """One page of a strategy's records of one kind, in the shape every list endpoint answers with."""
    found = api.list_records(
        session=session, strategy=ctx.strategy, model=model, page=paging.page, page_size=paging.page_size
    )
    return page_type(
        items=[read_type.model_validate(row) for row in found.items],
        page=paging.page,
        page_size=paging.page_size,
        total=found.total,
    )


@router.get(
    "/listening/exercises",
    name="api.listening_exercises",
    summary="List listening exercises",
    operation_id="list_listening_exercises",
    tags=["listening"],
    response_model=ListeningExercisePage,
    responses=DRAFT_RESPONSES,
)
def listening_exercises(
    session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging
) -> ListeningExercisePage:
    """Listening exercises, in the order they were added."""
    return _records_page(
        ListeningExercisePage, ListeningExerciseRead, ListeningExercise, session, ctx, paging
    )


@router.get(
    "/listening/voices",
    name="api.voices",
    summary="List voices",
    operation_id="list_voices",
    tags=["listening"],
    response_model=VoicePage,
    responses=DRAFT_RESPONSES,
)
def voices(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> VoicePage:
    """What people said (personal details removed before it was stored), in the order it was added."""
    return _records_page(VoicePage, VoiceRead, Voice, session, ctx, paging)


@router.get(
    "/strengths",
    name="api.strengths",
    summary="List strengths",
    operation_id="list_strengths",
    tags=["mapping"],
    response_model=StrengthPage,
    responses=DRAFT_RESPONSES,
)
def strengths(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> StrengthPage:
    """What the place already has, in the order it was added."""
    return _records_page(StrengthPage, StrengthRead, Strength, session, ctx, paging)


@router.get(
    "/struggles",
    name="api.struggles",
    summary="List struggles",
    operation_id="list_struggles",
    tags=["mapping"],
    response_model=StrugglePage,
    responses=DRAFT_RESPONSES,
)
def struggles(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> StrugglePage:
    """Tensions and challenges the place faces, in the order they were added."""
    return _records_page(StrugglePage, StruggleRead, Struggle, session, ctx, paging)


@router.get(
    "/priorities",
    name="api.priorities",
    summary="List priorities",
    operation_id="list_priorities",
    tags=["plan"],
    response_model=PriorityPage,
    responses=DRAFT_RESPONSES,
)
def priorities(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> PriorityPage:
    """The outcomes the strategy aims for, in their set order."""
    return _records_page(PriorityPage, PriorityRead, Priority, session, ctx, paging)


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
    return ActionPage(
        items=[
            ActionRead.model_validate(
                {
                    **action.model_dump(),
                    "updates": [ActionUpdateRead.model_validate(update) for update in updates],
                }
            )
            for action, updates in found.items
        ],
        page=paging.page,
        page_size=paging.page_size,
        total=found.total,
    )


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
    return IndicatorPage(
        items=[
            IndicatorRead.model_validate(
                {
                    **indicator.model_dump(),
                    "measurements": [MeasurementRead.model_validate(m) for m in measurements],
                }
            )
            for indicator, measurements in found.items
        ],
        page=paging.page,
        page_size=paging.page_size,
        total=found.total,
    )
