"""The one flow every create and edit page follows: show the form; on a POST parse it into its pydantic model,
call the service, then answer 400 with the error summary, 409 with the comparison, or a redirect with a flash.

A stage router describes its page once (``FormPage``: template, form model, the choices its fields offer
and what else the template shows) and hands the service call to ``submit``; everything else is here:

    page = FormPage(template="plan/priority_form.html", form=PriorityForm, context=..., options=...)
    show(request, page, FormState(values=...))                            # GET
    submit(request, page, form, save=lambda data: ..., flash="Priority saved")   # POST

``save`` returns where to go next. It may raise ``FieldError`` (shown by its field, 400) or
``VersionConflict`` (409: the latest saved version beside what was typed, for a merge by hand); the form's
hidden ``version`` travels back on every answer. Routes reach this flow through their view or write
(``app/views.py``): ``view.show(page)``, ``write.submit(page, save=...)``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.datastructures import FormData

from app.errors import FieldError, Refused
from app.forms import FormState, form_fields, initial_values, parse_form
from app.services.records.history import field_comparison
from app.services.records.versioning import VersionConflict
from app.templating import render
from app.web import expected_version, redirect

F = TypeVar("F", bound=BaseModel)
Options = Mapping[str, list[tuple[str, str]]]


@dataclass(frozen=True)
class FormPage(Generic[F]):
    """A create or edit page: its template, its form model, what else the template shows, and the choices
    its select, radio and checkbox fields offer (worked out only when the page is shown)."""

    template: str
    form: type[F]
    context: Mapping[str, Any] = field(default_factory=dict)
    options: Callable[[], Options] | None = None
    # The part of ``template`` an htmx request swaps (the page includes it); rendered alone for such requests.
    partial: str | None = None
    # What else the template shows that costs queries: worked out only when the page is shown, not before
    # a save that redirects.
    more: Callable[[], Mapping[str, Any]] | None = None


def show(
    request: Request,
    page: FormPage[F],
    state: FormState[F],
    *,
    version: int | None = None,
    comparison: list[tuple[str, str, str]] | None = None,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    """The form page: its fields with what was typed and their errors, the version it was loaded from, and
    on a conflict the comparison with the latest saved version."""
    options = page.options() if page.options is not None else None
    return render(
        request,
        page.template,
        {
            **page.context,
            **(page.more() if page.more is not None else {}),
            **extra,
            "version": version,
            "comparison": comparison,
            "errors": state.errors,
            "fields": form_fields(page.form, state.values, state.errors, options),
        },
        partial=page.partial,
        status_code=status,
    )


def show_saved(request: Request, page: FormPage[F], record: Any, **values: Any) -> HTMLResponse:
    """An edit form loaded fresh: the ``record`` as saved (``values`` for the fields its attributes do not
    fill as typed), and its version, so that a save made meanwhile by someone else is caught."""
    state = FormState[F](values={**initial_values(page.form, record), **values})
    return show(request, page, state, version=record.version)


def submit(
    request: Request,
    page: FormPage[F],
    form: FormData,
    *,
    save: Callable[[F], str | Response],
    flash: str | None = None,
    session: Session | None = None,
    current_version: int | None = None,
    parsed: FormState[F] | None = None,
    refused: Callable[[FieldError], Mapping[str, Any]] | None = None,
    shown_as: Callable[[FormState[F]], tuple[FormState[Any], Mapping[str, Any]]] | None = None,
    **extra: Any,
) -> Response:
    """Parse ``form``, call ``save`` with the valid model, and answer.

    For an edit, ``current_version`` is the record's version now: the page answers a refusal with the
    version the form was loaded from (so a later save is still checked against it) and a conflict with the
    latest one (the user has now seen it). ``parsed`` is for a router that reads the form itself.

    ``save`` may return the answer itself instead of where to go next, when a save is not answered with
    a plain redirect and ``flash``: the panel again for an htmx request, a message that depends on what was
    saved, or a step that shows the page again to confirm (it is then not redirected, and ``flash`` unused).

    ``refused`` gives what else the page shows when ``save`` raises a ``FieldError`` that carries more than
    one message (an import's problems, row by row). ``shown_as`` is for a form that is not the page's own
    (a reply typed under its comment, on a page whose form is a new comment): it turns the refused form into
    the state the page's form shows and what else the page needs to show the refusal where it was typed."""
    state = parsed if parsed is not None else parse_form(page.form, form)
    editing = current_version is not None
    loaded = expected_version(form) if editing else None
    if state.data is not None and not state.errors:
        try:
            target = save(state.data)
        except FieldError as problem:
            state.errors[problem.field] = problem.message
            if refused is not None:
                extra = {**extra, **refused(problem)}
        except VersionConflict as conflict:
            return show(
                request,
                page,
                state,
                version=conflict.record.version,
                comparison=field_comparison(conflict.record, conflict.submitted, session),
                status=409,
                **extra,
            )
        else:
            if isinstance(target, Response):
                return target
            return redirect(request, target, flash=flash)
    if shown_as is not None:
        shown, more = shown_as(state)
        return show(request, page, shown, status=400, **extra, **more)
    return show(
        request, page, state, version=(loaded or current_version) if editing else None, status=400, **extra
    )


class Versioned(Protocol):
    version: int


def submit_edit(
    request: Request,
    page: FormPage[F],
    form: FormData,
    *,
    record: Versioned,
    update: Callable[[F, int | None], object],
    then: str,
    flash: str,
    session: Session,
    parsed: FormState[F] | None = None,
) -> Response:
    """``submit`` for an edit of ``record``: ``update(data, version)`` saves it through its service, checked
    against the version the form was loaded from, and the answer is a redirect to ``then``."""
    loaded = expected_version(form)

    def save(data: F) -> str:
        update(data, loaded)
        return then

    return submit(
        request,
        page,
        form,
        save=save,
        flash=flash,
        session=session,
        current_version=record.version,
        parsed=parsed,
    )


@dataclass(frozen=True)
class Refusal:
    """Why a confirmed step did nothing, for its confirmation page: the record ``changed`` since the page
    was loaded, or the rules refused it (``problems``, in words)."""

    problems: list[str] = field(default_factory=list)
    changed: bool = False


def confirm(
    request: Request, *, step: Callable[[], str], flash: str, page: Callable[[Refusal, int], HTMLResponse]
) -> Response:
    """The flow of a page that asks to confirm one step and has no fields of its own (delete, restore):
    take ``step`` and redirect where it says with ``flash``; or nothing is saved and ``page`` is shown again
    with why, as a form is: 409 when the record changed meanwhile or the step conflicts with others (a
    ``Refused`` with status 409), 400 when a rule refuses it."""
    try:
        target = step()
    except VersionConflict:
        return page(Refusal(changed=True), 409)
    except Refused as refused:
        return page(Refusal(problems=refused.problems), refused.status)
    except FieldError as problem:
        return page(Refusal(problems=[problem.message]), 400)
    return redirect(request, target, flash=flash)
