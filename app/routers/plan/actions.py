"""Action plan stage: priorities, actions and the golden thread from an action back to what people said."""

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.form_pages import FormPage
from app.forms import FormState
from app.models import Action, FundingSource, Priority
from app.models.base import id_of
from app.numbers_and_dates import read_whole_number
from app.routers import choices
from app.schemas.plan import ActionForm, PriorityForm, milestones_text, risks_text
from app.services.plan import screens
from app.services.plan import service as plan
from app.services.plan.grouping import GROUPINGS
from app.views import EditView, StageEdit, StageRead, StageView
from app.web import screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/plan")


@router.get("/", name="plan.index")
def index(view: StageView, group: str = "priority") -> HTMLResponse:
    screen = screens.plan_screen(**view.of, place=view.place, group=group)
    return view.page(
        "plan/index.html",
        group=screen.group,
        groupings=GROUPINGS,
        groups=[
            (found, [_row(view, action, screen.progress) for action in found.actions])
            for found in screen.groups
        ],
        check=screen.check,
        budget=screen.budget,
        action_count=screen.action_count,
    )


def _row(view: StageRead, action: Action, progress: dict[int, int]) -> dict[str, Any]:
    """An action as a row of the plan's tables (components/actions.html)."""
    return {
        "title": action.title,
        "href": view.url("plan.show_action", action_id=action.id),
        "lead": action.lead_organisation,
        "start": action.start_date,
        "end": action.end_date,
        "status": action.status.label,
        "percent": progress[id_of(action)],
    }


@router.get("/timeline/", name="plan.timeline")
def timeline(view: StageView) -> HTMLResponse:
    screen = screens.timeline_screen(**view.of, today=date.today())
    return view.page("plan/timeline.html", **screen_context(screen))


# --- Priorities ----------------------------------------------------------------------------------------


def _priority_page(view: StageRead, priority: Priority | None) -> FormPage[PriorityForm]:
    return FormPage(
        template="plan/priority_form.html",
        form=PriorityForm,
        context=stage_context(view.ctx, priority=priority),
        options=lambda: {
            "struggle_ids": choices.struggles(view, with_severity=True),
            "strength_ids": choices.strengths(view),
        },
    )


@router.get("/priorities/new", name="plan.new_priority")
def new_priority(view: EditView, struggle: str | None = None) -> HTMLResponse:
    found = read_whole_number(struggle) if struggle else None
    values = {"struggle_ids": [found]} if found else {}
    return view.show(_priority_page(view, None), FormState(values=values))


@router.post("/priorities/new", name="plan.create_priority")
def create_priority(write: StageEdit) -> Response:
    def save(data: PriorityForm) -> str:
        plan.create_priority(**write.by, form=data)
        return write.url("plan.index")

    return write.submit(_priority_page(write, None), save=save, flash="Priority saved")


@router.get("/priorities/{priority_id}/edit", name="plan.edit_priority_form")
def edit_priority_form(view: EditView, priority_id: int) -> HTMLResponse:
    priority = plan.get_priority(**view.of, priority_id=priority_id)
    return view.show_saved(_priority_page(view, priority), priority)


@router.post("/priorities/{priority_id}/edit", name="plan.edit_priority")
def edit_priority(write: StageEdit, priority_id: int) -> Response:
    priority = plan.get_priority(**write.of, priority_id=priority_id)
    return write.submit_edit(
        _priority_page(write, priority),
        record=priority,
        update=lambda data, version: plan.update_priority(
            **write.by, priority=priority, form=data, expected_version=version
        ),
        then=write.url("plan.index"),
        flash="Priority saved",
    )


@router.post("/priorities/{priority_id}/move", name="plan.move_priority")
def move_priority(write: StageEdit, priority_id: int) -> Response:
    priority = plan.get_priority(**write.of, priority_id=priority_id)
    plan.move_priority(**write.by, priority=priority, up=write.form.get("direction") == "up")
    return write.redirect(write.url("plan.index"), flash="Order of priorities changed")


# --- Actions -------------------------------------------------------------------------------------------


def _action_page(view: StageRead, action: Action | None) -> FormPage[ActionForm]:
    return FormPage(
        template="plan/action_form.html",
        form=ActionForm,
        context=stage_context(view.ctx, action=action),
        options=lambda: {
            "priority_id": choices.priorities(view),
            "parent_id": choices.actions(view, leaving_out=action),
            "area_ids": choices.areas(view),
            "struggle_ids": choices.struggles(view),
            "funding_source": choices.labelled(FundingSource),
        },
    )


@router.get("/actions/new", name="plan.new_action")
def new_action(view: EditView, priority: str | None = None) -> HTMLResponse:
    values: dict[str, Any] = {"status": "not_started", "weight": "1"}
    if priority and read_whole_number(priority):
        values["priority_id"] = priority
    return view.show(_action_page(view, None), FormState(values=values))


@router.post("/actions/new", name="plan.create_action")
def create_action(write: StageEdit) -> Response:
    def save(data: ActionForm) -> str:
        action = plan.create_action(**write.by, form=data)
        return write.url("plan.show_action", action_id=action.id)

    return write.submit(_action_page(write, None), save=save, flash="Action saved")


@router.get("/actions/{action_id}/", name="plan.show_action")
def show_action(view: StageView, action_id: int) -> HTMLResponse:
    screen = screens.action_screen(**view.of, place=view.place, action_id=action_id)
    return view.page("plan/action.html", **screen_context(screen))


@router.get("/actions/{action_id}/edit", name="plan.edit_action_form")
def edit_action_form(view: EditView, action_id: int) -> HTMLResponse:
    action = plan.get_action(**view.of, action_id=action_id)
    return view.show_saved(
        _action_page(view, action),
        action,
        milestones=milestones_text(action.milestones),
        risks=risks_text(action.risks),
    )


@router.post("/actions/{action_id}/edit", name="plan.edit_action")
def edit_action(write: StageEdit, action_id: int) -> Response:
    action = plan.get_action(**write.of, action_id=action_id)
    return write.submit_edit(
        _action_page(write, action),
        record=action,
        update=lambda data, version: plan.update_action(
            **write.by, action=action, form=data, expected_version=version
        ),
        then=write.url("plan.show_action", action_id=action_id),
        flash="Action saved",
    )
