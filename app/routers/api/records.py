"""The JSON API's draft records: each stage of a strategy as it is now, for officers and facilitators.

Councillors get 403 here, as in the web pages: they read published editions instead (api.py)."""

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import ApiDraftReadableStrategy, SessionDep
from app.models import ListeningExercise, Priority, Strength, Struggle, Voice
from app.routers.api.core import DRAFT_RESPONSES, PREFIX, Paging, described, paged
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
    listing: Callable[..., api.Page[Any]],
    read: Callable[[Any], BaseModel],
    description: str,
) -> None:
    """A list endpoint for one kind: one page of the strategy's records, as ``listing`` finds them, in the
    shape every list endpoint answers with."""

    def endpoint(session: SessionDep, ctx: ApiDraftReadableStrategy, paging: Paging) -> P:
        found = listing(session=session, strategy=ctx.strategy, page=paging.page, page_size=paging.page_size)
        return paged(page_type, found, paging, read)

    router.add_api_route(
        path,
        endpoint,
        methods=["GET"],
        description=description,
        **described(f"list_{kind}", summary, tag, page_type, DRAFT_RESPONSES),
    )


def _with_children(
    read_type: type[BaseModel], field: str, child_type: type[BaseModel]
) -> Callable[[tuple[api.Record, list[api.Record]]], BaseModel]:
    """Reads a record found with its children (an action with its updates) into ``read_type``, the children
    in its ``field``."""

    def read(found: tuple[api.Record, list[api.Record]]) -> BaseModel:
        record, children = found
        return read_type.model_validate(
            {**record, field: [child_type.model_validate(child) for child in children]}
        )

    return read


_register_list(
    "/listening/exercises",
    kind="listening_exercises",
    summary="List listening exercises",
    tag="listening",
    page_type=ListeningExercisePage,
    listing=partial(api.list_records, model=ListeningExercise),
    read=ListeningExerciseRead.model_validate,
    description="Listening exercises, in the order they were added.",
)
_register_list(
    "/listening/voices",
    kind="voices",
    summary="List voices",
    tag="listening",
    page_type=VoicePage,
    listing=partial(api.list_records, model=Voice),
    read=VoiceRead.model_validate,
    description="What people said (personal details removed before it was stored), in the order it was "
    "added.",
)
_register_list(
    "/strengths",
    kind="strengths",
    summary="List strengths",
    tag="mapping",
    page_type=StrengthPage,
    listing=partial(api.list_records, model=Strength),
    read=StrengthRead.model_validate,
    description="What the place already has, in the order it was added.",
)
_register_list(
    "/struggles",
    kind="struggles",
    summary="List struggles",
    tag="mapping",
    page_type=StrugglePage,
    listing=partial(api.list_records, model=Struggle),
    read=StruggleRead.model_validate,
    description="Tensions and challenges the place faces, in the order they were added.",
)
_register_list(
    "/priorities",
    kind="priorities",
    summary="List priorities",
    tag="plan",
    page_type=PriorityPage,
    listing=partial(api.list_records, model=Priority),
    read=PriorityRead.model_validate,
    description="The outcomes the strategy aims for, in their set order.",
)
_register_list(
    "/actions",
    kind="actions",
    summary="List actions with their updates",
    tag="plan",
    page_type=ActionPage,
    listing=api.list_actions,
    read=_with_children(ActionRead, "updates", ActionUpdateRead),
    description="Actions in the order they were added, each with its progress updates.",
)
_register_list(
    "/indicators",
    kind="indicators",
    summary="List indicators with their measurements",
    tag="plan",
    page_type=IndicatorPage,
    listing=api.list_indicators,
    read=_with_children(IndicatorRead, "measurements", MeasurementRead),
    description="Indicators in the order they were added, each with its measurements.",
)
