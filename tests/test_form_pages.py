"""The confirm flow and a button's step (``StageWrite.act``), as plain functions: what each refusal answers."""

from types import SimpleNamespace
from typing import Any

from fastapi.responses import HTMLResponse
from starlette.requests import Request

from app.errors import FieldError, Refused
from app.form_pages import Refusal, confirm
from app.services.records.versioning import RecordInUse, VersionConflict
from app.views import StageWrite


def _request() -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [],
        "query_string": b"",
    }
    request = Request(scope)
    request.state.form_claim = None
    return request


def _shown(log: list[tuple[Refusal, int]]) -> Any:
    def page(refusal: Refusal, status: int) -> HTMLResponse:
        log.append((refusal, status))
        return HTMLResponse("again", status_code=status)

    return page


def _raising(problem: Exception) -> Any:
    def step() -> str:
        raise problem

    return step


def test_a_confirmed_step_redirects_with_its_flash() -> None:
    shown: list[tuple[Refusal, int]] = []
    answer = confirm(_request(), step=lambda: "/done", flash="Deleted", page=_shown(shown))
    assert answer.status_code == 303 and answer.headers["location"] == "/done"
    assert "cohesion_flash" in answer.headers["set-cookie"] and shown == []


def test_each_refusal_shows_the_page_again_with_its_status() -> None:
    conflict = VersionConflict(SimpleNamespace(id=1, version=2), {})  # type: ignore[arg-type]
    cases = [
        (conflict, 409, Refusal(changed=True)),
        (RecordInUse(["1 action"]), 409, None),
        (
            Refused(["Start date: Enter a real date"]),
            400,
            Refusal(problems=["Start date: Enter a real date"]),
        ),
        (FieldError("title", "Enter a title"), 400, Refusal(problems=["Enter a title"])),
    ]
    for problem, status, expected in cases:
        shown: list[tuple[Refusal, int]] = []
        answer = confirm(_request(), step=_raising(problem), flash="Deleted", page=_shown(shown))
        assert answer.status_code == status
        [(refusal, given)] = shown
        assert given == status
        if expected is not None:
            assert refusal == expected
        else:
            assert refusal.problems == ["This cannot be deleted while other records depend on it: 1 action."]


def test_a_button_step_says_what_happened_where() -> None:
    write = StageWrite(
        request=_request(),
        session=None,  # type: ignore[arg-type]
        ctx=None,  # type: ignore[arg-type]
        user=None,  # type: ignore[arg-type]
        form=None,  # type: ignore[arg-type]
    )
    done = write.act(lambda: None, then="/voice", flash="Theme added", changed="Changed", changed_to="/page")
    assert (done.status_code, done.headers["location"]) == (303, "/voice")
    conflict = VersionConflict(SimpleNamespace(id=1, version=2), {})  # type: ignore[arg-type]
    changed = write.act(
        _raising(conflict), then="/voice", flash="Theme added", changed="Changed", changed_to="/page"
    )
    assert changed.headers["location"] == "/page" and "%21Changed" in changed.headers["set-cookie"]
    refused = write.act(
        _raising(FieldError("theme", "Not here")),
        then="/voice",
        flash="x",
        changed="y",
        refused="Unavailable",
    )
    assert refused.headers["location"] == "/voice" and "Unavailable" in refused.headers["set-cookie"]
