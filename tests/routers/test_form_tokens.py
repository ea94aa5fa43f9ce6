"""A form sent twice saves once: every form carries a one-time token, and a second POST with it saves
nothing and is sent where the first went (app/web.py, services/form_submissions.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi import FastAPI
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from app.models import (
    Action,
    ActionUpdate,
    FormSubmission,
    ListeningExercise,
    Place,
    Priority,
    ReviewComment,
    User,
    utcnow,
)
from app.services.accounts import form_submissions
from app.web import ALREADY_SUBMITTED_MESSAGE, FLASH_COOKIE
from tests.conftest import Client, World
from tests.pages import check_page
from tests.routers.access_common import strategy_params

ClientFor = Callable[[str], Client]


@dataclass(frozen=True)
class CreateForm:
    persona: str
    page: str  # the route that shows the form
    model: type[SQLModel]
    data: Callable[[World], dict[str, Any]]
    params: Callable[[World], dict[str, Any]] = strategy_params


def _review_target(w: World) -> dict[str, Any]:
    return {**strategy_params(w), "target_kind": "action", "target_id": w.action.id}


CREATE_FORMS = {
    "listening exercise": CreateForm(
        "officer",
        "listening.new_exercise",
        ListeningExercise,
        lambda w: {
            "title": "Riverside walkabout",
            "method": "walkabout",
            "start_date-day": "12",
            "start_date-month": "6",
            "start_date-year": "2026",
            "area_ids": [str(w.area.id)],
            "consent_basis": "public_task",
            "participants": "18",
        },
    ),
    "priority": CreateForm(
        "officer",
        "plan.new_priority",
        Priority,
        lambda w: {"outcome": "People mix in shared spaces", "struggle_ids": [str(w.struggle.id)]},
    ),
    "action": CreateForm(
        "officer",
        "plan.new_action",
        Action,
        lambda w: {
            "title": "Open iftar programme",
            "status": "on_track",
            "lead_organisation": "Faith forum",
            "weight": "1",
            "priority_id": str(w.priority.id),
            "start_date-day": "1",
            "start_date-month": "5",
            "start_date-year": "2026",
            "end_date-day": "31",
            "end_date-month": "3",
            "end_date-year": "2027",
        },
    ),
    "progress update": CreateForm(
        "officer",
        "progress.new_update",
        ActionUpdate,
        lambda w: {
            "period_end-day": "30",
            "period_end-month": "6",
            "period_end-year": "2026",
            "status": "on_track",
            "percent_complete": "40",
            "what_happened": "Two sessions held",
        },
        lambda w: {**strategy_params(w), "action_id": w.action.id},
    ),
    "review comment": CreateForm(
        "facilitator",
        "review.target",
        ReviewComment,
        lambda w: {"body": "Who will run the sessions?"},
        _review_target,
    ),
    "place": CreateForm(
        "admin",
        "admin.new_place",
        Place,
        lambda w: {"name": "Eastbrook", "slug": "eastbrook", "gss_code": "E08999003"},
        lambda w: {},
    ),
    "user": CreateForm(
        "admin",
        "admin.new_user",
        User,
        lambda w: {"name": "New Person", "email": "new@example.test"},
        lambda w: {},
    ),
}


def _count(session: Session, model: type[SQLModel]) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def _form_with_token(page: Any) -> tuple[str, str]:
    """The action and one-time token of the page's form that has a submit button and a token."""
    forms = [form for form in page.select("main form[method=post]") if form.select("input[name=form_token]")]
    assert forms, "the form page's form carries no one-time token"
    form = forms[-1]
    return str(form["action"]), str(form.select_one("input[name=form_token]")["value"])


@pytest.mark.parametrize("kind", sorted(CREATE_FORMS))
def test_a_create_form_sent_twice_saves_once(
    kind: str, app: FastAPI, client_for: ClientFor, session: Session, world: World
) -> None:
    spec = CREATE_FORMS[kind]
    client = client_for(spec.persona)
    page = check_page(client.get(app.url_path_for(spec.page, **spec.params(world))))
    action, token = _form_with_token(page)
    before = _count(session, spec.model)

    first = client.post_form(action, {**spec.data(world), "form_token": token})
    assert first.status_code == 303, check_page(first).errors
    assert _count(session, spec.model) == before + 1

    again = client.post_form(action, {**spec.data(world), "form_token": token})
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert unquote(again.cookies[FLASH_COOKIE]) == ALREADY_SUBMITTED_MESSAGE
    assert _count(session, spec.model) == before + 1, f"the second {kind} form saved again"

    fresh = check_page(client.get(app.url_path_for(spec.page, **spec.params(world))))
    assert _form_with_token(fresh)[1] != token, "each time a form is shown, its token is new"


def test_a_form_refused_with_errors_can_be_corrected_and_sent(
    client_for: ClientFor, session: Session, world: World
) -> None:
    admin = client_for("admin")
    token = "t" * 32
    refused = admin.post_form("/admin/places/new", {"name": "", "slug": "eastbrook", "form_token": token})
    assert refused.status_code == 400
    data = {"name": "Eastbrook", "slug": "eastbrook", "gss_code": "E08999003", "form_token": token}
    saved = admin.post_form("/admin/places/new", data)
    assert saved.status_code == 303
    assert session.exec(select(Place).where(Place.slug == "eastbrook")).one()
    assert admin.post_form("/admin/places/new", data).headers["location"] == saved.headers["location"]


def test_a_form_without_a_token_is_still_handled(
    client_for: ClientFor, session: Session, world: World
) -> None:
    admin = client_for("admin")
    data = {"name": "Eastbrook", "slug": "eastbrook", "gss_code": "E08999003"}
    assert admin.post_form("/admin/places/new", data).status_code == 303
    assert admin.post_form("/admin/places/new", data).status_code == 400  # the duplicate short name
    assert _count(session, FormSubmission) == 0


def test_the_sign_in_form_has_no_one_time_token(client_for: ClientFor) -> None:
    page = check_page(client_for("anonymous").get("/login"))
    assert page.select("form input[name=csrf_token]")
    assert not page.select("form input[name=form_token]")


def test_tokens_older_than_a_day_are_removed(session: Session, world: World) -> None:
    session.add(
        FormSubmission(token="o" * 32, location="/places/", submitted_at=utcnow() - timedelta(days=2))
    )
    session.add(
        FormSubmission(token="n" * 32, location="/places/", submitted_at=utcnow() - timedelta(hours=1))
    )
    session.flush()
    assert form_submissions.remove_old_tokens(session=session) == 1
    assert session.exec(select(FormSubmission.token)).all() == ["n" * 32]
