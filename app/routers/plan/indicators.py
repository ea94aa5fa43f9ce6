"""Action plan stage: indicators, and the library of standard cohesion indicators."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import Indicator, IndicatorKind, PerformanceQuestion, Polarity
from app.schemas.plan import IndicatorForm
from app.services import review
from app.services.plan import service as plan
from app.services.plan.indicator_library import LIBRARY
from app.services.records.versioning import VersionConflict, field_comparison
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/plan/indicators")

WRONG_WAY = (
    "The target goes the opposite way to the baseline for an indicator where {better}. Tick "
    "“Yes, the target is meant to go that way” if it is right, or change it."
)


def _labels() -> dict[str, dict[str, str]]:
    return {
        "kind": {k.value: k.label for k in IndicatorKind},
        "question": {q.value: q.label for q in PerformanceQuestion},
        "polarity": {p.value: p.label for p in Polarity},
    }


@router.get("/", name="plan.indicators")
def indicators(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    current = plan.list_indicators(session=session, strategy=ctx.strategy)
    added = {i.library_key for i in current if i.library_key}
    return render(
        request,
        "plan/indicators.html",
        stage_context(
            ctx,
            indicators=current,
            library=[item for item in LIBRARY if item.key not in added],
            labels=_labels(),
        ),
    )


@router.post("/library/{key}", name="plan.add_library_indicator")
def add_library_indicator(
    request: Request, session: SessionDep, user: CurrentUser, ctx: EditableStrategy, key: str
) -> Response:
    indicator = plan.add_from_library(session=session, strategy=ctx.strategy, actor=user, key=key)
    return redirect(
        request,
        url(request, "plan.show_indicator", indicator_id=indicator.id, **strategy_ids(ctx)),
        flash=f"{indicator.name} added. Set its baseline and target next.",
    )


def _indicator_page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    state: FormState[IndicatorForm],
    *,
    indicator: Indicator | None,
    version: int | None = None,
    warn: bool = False,
    comparison: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    options = {
        "priority_id": [
            (str(p.id), p.outcome) for p in plan.list_priorities(session=session, strategy=ctx.strategy)
        ],
        "action_ids": [
            (str(a.id), a.title) for a in plan.list_actions(session=session, strategy=ctx.strategy)
        ],
    }
    return render(
        request,
        "plan/indicator_form.html",
        stage_context(
            ctx,
            indicator=indicator,
            version=version,
            comparison=comparison,
            errors=state.errors,
            warn=warn,
            fields=form_fields(IndicatorForm, state.values, state.errors, options),
        ),
        status_code=status,
    )


def _save(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: StrategyAccess,
    form: FormDataDep,
    indicator: Indicator | None,
) -> Response:
    state = parse_form(IndicatorForm, form)
    loaded = expected_version(form) if indicator else None
    if state.data is not None:
        try:
            if indicator is None:
                indicator = plan.create_indicator(
                    session=session, strategy=ctx.strategy, actor=user, form=state.data
                )
            else:
                plan.update_indicator(
                    session=session,
                    strategy=ctx.strategy,
                    indicator=indicator,
                    actor=user,
                    form=state.data,
                    expected_version=loaded,
                )
        except plan.TargetDirection:
            better = (
                "higher is better" if state.data.polarity == Polarity.higher_is_better else "lower is better"
            )
            state.errors["confirm_direction"] = WRONG_WAY.format(better=better)
            return _indicator_page(
                request, session, ctx, state, indicator=indicator, version=loaded, warn=True, status=400
            )
        except FieldError as problem:
            state.errors[problem.field] = problem.message
        except VersionConflict as conflict:
            assert indicator is not None
            return _indicator_page(
                request,
                session,
                ctx,
                state,
                indicator=indicator,
                version=indicator.version,
                comparison=field_comparison(conflict.record, conflict.submitted, session),
                status=409,
            )
        else:
            return redirect(
                request,
                url(request, "plan.show_indicator", indicator_id=indicator.id, **strategy_ids(ctx)),
                flash="Indicator saved",
            )
    return _indicator_page(
        request,
        session,
        ctx,
        state,
        indicator=indicator,
        version=(loaded or indicator.version) if indicator else None,
        status=400,
    )


@router.get("/new", name="plan.new_indicator")
def new_indicator(request: Request, session: SessionDep, ctx: EditableStrategy) -> HTMLResponse:
    return _indicator_page(
        request, session, ctx, FormState(values={"unit": "%", "kind": "performance"}), indicator=None
    )


@router.post("/new", name="plan.create_indicator")
def create_indicator(
    request: Request, session: SessionDep, user: CurrentUser, ctx: EditableStrategy, form: FormDataDep
) -> Response:
    return _save(request, session, user, ctx, form, None)


@router.get("/{indicator_id}/", name="plan.show_indicator")
def show_indicator(
    request: Request, session: SessionDep, ctx: DraftReadableStrategy, indicator_id: int
) -> HTMLResponse:
    indicator = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    actions = [
        a for a in plan.list_actions(session=session, strategy=ctx.strategy) if a.id in indicator.action_ids
    ]
    priority = next(
        (
            p
            for p in plan.list_priorities(session=session, strategy=ctx.strategy)
            if p.id == indicator.priority_id
        ),
        None,
    )
    return render(
        request,
        "plan/indicator.html",
        stage_context(
            ctx,
            indicator=indicator,
            actions=actions,
            priority=priority,
            labels=_labels(),
            review=review.panel(
                session=session, strategy=ctx.strategy, kind="indicator", target_id=indicator_id
            ),
        ),
    )


@router.get("/{indicator_id}/edit", name="plan.edit_indicator_form")
def edit_indicator_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    indicator = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    values = initial_values(IndicatorForm, indicator)
    values["confirm_direction"] = False
    return _indicator_page(
        request, session, ctx, FormState(values=values), indicator=indicator, version=indicator.version
    )


@router.post("/{indicator_id}/edit", name="plan.edit_indicator")
def edit_indicator(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    indicator_id: int,
    form: FormDataDep,
) -> Response:
    indicator = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    return _save(request, session, user, ctx, form, indicator)
