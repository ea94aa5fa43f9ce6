"""The one flow every create and edit page follows: show the form; on a POST parse it into its pydantic model,
call the service, then answer 400 with the error summary, 409 with the comparison, or a redirect with a flash.

A stage router describes its page once (``FormPage``: template, form model, the choices its fields offer
and what else the template shows) and hands the service call to ``submit``; everything else is here:

    page = FormPage(template="plan/priority_form.html", form=PriorityForm, context=..., options=...)
    show(request, page, FormState(values=...))                            # GET
    submit(request, page, form, save=lambda data: ..., flash="Priority saved")   # POST

``save`` returns where to go next. It may raise ``FieldError`` (shown by its field, 400) or
``VersionConflict`` (409: the latest saved version beside what was typed, for a merge by hand); the form's
hidden ``version`` travels back on every answer.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, Protocol, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.datastructures import FormData

from app.deps import (
    CurrentUser,
    SessionDep,
    StrategyAccess,
    commentable_strategy,
    draft_readable_place,
    draft_readable_strategy,
    editable_place,
    editable_strategy,
    get_admin_user,
    get_current_user,
    get_signed_in_user,
    readable_place,
    readable_strategy,
    tension_editable_place,
    tension_readable_place,
)
from app.errors import FieldError, Refused
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import Place, Strategy, User
from app.services.access import PlaceAccess
from app.services.records.history import field_comparison
from app.services.records.versioning import VersionConflict
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, stage_context, strategy_ids, url

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


class _Answers:
    """What every page request answers with: a form page shown, or a redirect after a write."""

    request: Request

    def show(self, page: FormPage[F], state: FormState[F] | None = None, **options: Any) -> HTMLResponse:
        """``show`` a form page: empty unless ``state`` gives its values."""
        return show(self.request, page, state if state is not None else FormState(values={}), **options)

    def show_saved(self, page: FormPage[F], record: Any, **values: Any) -> HTMLResponse:
        """``show_saved``: an edit form with the record as saved."""
        return show_saved(self.request, page, record, **values)

    def redirect(self, target: str, *, flash: str | None = None, warning: bool = False) -> Response:
        return redirect(self.request, target, flash=flash, warning=warning)


class _Writes(_Answers):
    """A POST's answers through the one form flow, for the form as sent."""

    session: Session
    form: FormData

    @property
    def version(self) -> int | None:
        """The version the form was loaded from (see ``web.expected_version``)."""
        return expected_version(self.form)

    def submit(self, page: FormPage[F], *, save: Callable[[F], str | Response], **options: Any) -> Response:
        """``submit`` for this request's form."""
        return submit(self.request, page, self.form, save=save, session=self.session, **options)

    def submit_edit(
        self,
        page: FormPage[F],
        *,
        record: Versioned,
        update: Callable[[F, int | None], object],
        then: str,
        flash: str,
        parsed: FormState[F] | None = None,
    ) -> Response:
        """``submit_edit`` for this request's form."""
        return submit_edit(
            self.request,
            page,
            self.form,
            record=record,
            update=update,
            then=then,
            flash=flash,
            session=self.session,
            parsed=parsed,
        )

    def act(
        self,
        step: Callable[[], object],
        *,
        then: str,
        flash: str,
        changed: str,
        changed_to: str | None = None,
        refused: str | None = None,
    ) -> Response:
        """A button that changes a record without a form page of its own (accept a theme, confirm a match):
        take the step and go to ``then`` with ``flash``. When the record changed since the page was loaded,
        nothing is saved and ``changed`` says so, at ``changed_to`` (or ``then``); a rule's refusal is said
        at ``then``, in its own words or as ``refused``."""
        try:
            step()
        except VersionConflict:
            return self.redirect(changed_to or then, flash=changed, warning=True)
        except FieldError as problem:
            return self.redirect(then, flash=refused or problem.message, warning=True)
        return self.redirect(then, flash=flash)


@dataclass(frozen=True)
class StageRead(_Answers):
    """A request for a strategy's stage page: the request, its session and the strategy the user may see.
    Routes take it as ``StageView`` (stage pages, drafts included) or ``PublishedView`` (published editions)
    and keep only what their page shows:

        def heard_page(view: StageView) -> HTMLResponse:
            return view.page("listening/heard.html", hearing=heard.place_hearing(...))
    """

    request: Request
    session: Session
    ctx: StrategyAccess

    @property
    def strategy(self) -> Strategy:
        return self.ctx.strategy

    @property
    def place(self) -> Place:
        return self.ctx.place

    def url(self, name: str, **params: Any) -> str:
        """A page of this strategy."""
        return url(self.request, name, **strategy_ids(self.ctx), **params)

    def page(
        self, template: str, *, partial: str | None = None, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        """The stage page (or only ``partial`` for an htmx request), with what every stage page is given."""
        return render(
            self.request,
            template,
            stage_context(self.ctx, **context),
            partial=partial,
            status_code=status_code,
        )


@dataclass(frozen=True)
class StageWrite(StageRead, _Writes):
    """A POST that changes a strategy's stage: as ``StageRead``, with who sends it and the form as sent.
    Routes take it as ``StageEdit`` and keep only what is particular to their record:

        def edit_action(write: StageEdit, action_id: int) -> Response:
            action = plan.get_action(session=write.session, strategy=write.strategy, action_id=action_id)
            return write.submit_edit(page, record=action, update=..., then=write.url("plan.show_action", ...))
    """

    user: User
    form: FormData

    @property
    def by(self) -> dict[str, Any]:
        """The keywords every stage service's write takes: ``session``, ``strategy`` and ``actor``."""
        return {"session": self.session, "strategy": self.ctx.strategy, "actor": self.user}


@dataclass(frozen=True)
class PlaceRead(_Answers):
    """A request for a page of a place that is not a strategy's (the tension log): as ``StageRead``, for the
    place the user may see."""

    request: Request
    session: Session
    access: PlaceAccess

    @property
    def place(self) -> Place:
        return self.access.place

    def url(self, name: str, **params: Any) -> str:
        """A page of this place."""
        return url(self.request, name, place_slug=self.access.place.slug, **params)

    def page(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        shown = {"access": self.access, "place": self.access.place, "nav_active": "places", **context}
        return render(self.request, template, shown, status_code=status_code)


@dataclass(frozen=True)
class PlaceWrite(PlaceRead, _Writes):
    """A POST that changes a place's records outside its strategies: as ``StageWrite``, for the place."""

    user: User
    form: FormData

    @property
    def by(self) -> dict[str, Any]:
        """The keywords such a service's write takes: ``session``, ``place`` and ``actor``."""
        return {"session": self.session, "place": self.access.place, "actor": self.user}


@dataclass(frozen=True)
class UserRead(_Answers):
    """A request for a page outside any place (administration, your account): the request, its session and
    who is signed in; ``nav`` is the header link its pages sit under."""

    request: Request
    session: Session
    user: User
    nav: str

    def url(self, name: str, **params: Any) -> str:
        return url(self.request, name, **params)

    def page(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render(self.request, template, {"nav_active": self.nav, **context}, status_code=status_code)


@dataclass(frozen=True)
class UserWrite(UserRead, _Writes):
    """A POST outside any place: as ``UserRead``, with the form as sent."""

    form: FormData

    @property
    def by(self) -> dict[str, Any]:
        """The keywords such a service's write takes: ``session`` and ``actor``."""
        return {"session": self.session, "actor": self.user}


def _user_reading(user: Callable[..., User], nav: str) -> Callable[..., UserRead]:
    """The dependency that gives a ``UserRead`` for the user ``user`` finds (and checks)."""

    def dependency(request: Request, session: SessionDep, who: Annotated[User, Depends(user)]) -> UserRead:
        return UserRead(request=request, session=session, user=who, nav=nav)

    return dependency


def _user_writing(user: Callable[..., User], nav: str) -> Callable[..., UserWrite]:
    """The dependency that gives a ``UserWrite`` for the user ``user`` finds (and checks)."""

    def dependency(
        request: Request, session: SessionDep, who: Annotated[User, Depends(user)], form: FormDataDep
    ) -> UserWrite:
        return UserWrite(request=request, session=session, user=who, nav=nav, form=form)

    return dependency


def _reading(strategy: Callable[..., StrategyAccess]) -> Callable[..., StageRead]:
    """The dependency that gives a ``StageRead`` of the strategy ``strategy`` finds (and checks access to)."""

    def dependency(
        request: Request, session: SessionDep, ctx: Annotated[StrategyAccess, Depends(strategy)]
    ) -> StageRead:
        return StageRead(request=request, session=session, ctx=ctx)

    return dependency


def _writing(strategy: Callable[..., StrategyAccess]) -> Callable[..., StageWrite]:
    """The dependency that gives a ``StageWrite`` to the strategy ``strategy`` finds and checks."""

    def dependency(
        request: Request,
        session: SessionDep,
        user: CurrentUser,
        ctx: Annotated[StrategyAccess, Depends(strategy)],
        form: FormDataDep,
    ) -> StageWrite:
        return StageWrite(request=request, session=session, user=user, ctx=ctx, form=form)

    return dependency


def _place_reading(place: Callable[..., PlaceAccess]) -> Callable[..., PlaceRead]:
    """The dependency that gives a ``PlaceRead`` of the place ``place`` finds (and checks access to)."""

    def dependency(
        request: Request, session: SessionDep, access: Annotated[PlaceAccess, Depends(place)]
    ) -> PlaceRead:
        return PlaceRead(request=request, session=session, access=access)

    return dependency


def _place_writing(place: Callable[..., PlaceAccess]) -> Callable[..., PlaceWrite]:
    """The dependency that gives a ``PlaceWrite`` to the place ``place`` finds and checks."""

    def dependency(
        request: Request,
        session: SessionDep,
        user: CurrentUser,
        access: Annotated[PlaceAccess, Depends(place)],
        form: FormDataDep,
    ) -> PlaceWrite:
        return PlaceWrite(request=request, session=session, access=access, user=user, form=form)

    return dependency


# The tension log's pages, for those given it; its forms, and its POSTs, for those who may change it.
TensionView = Annotated[PlaceRead, Depends(_place_reading(tension_readable_place))]
TensionEditView = Annotated[PlaceRead, Depends(_place_reading(tension_editable_place))]
TensionEdit = Annotated[PlaceWrite, Depends(_place_writing(tension_editable_place))]
# A place's own page, for its members.
PlaceView = Annotated[PlaceRead, Depends(_place_reading(readable_place))]
# A place's pages of every record kind (history), drafts included; their confirmations, and their POSTs.
PlaceDraftView = Annotated[PlaceRead, Depends(_place_reading(draft_readable_place))]
PlaceEditView = Annotated[PlaceRead, Depends(_place_reading(editable_place))]
PlaceEdit = Annotated[PlaceWrite, Depends(_place_writing(editable_place))]
# A stage page, drafts included, for someone who may read them.
StageView = Annotated[StageRead, Depends(_reading(draft_readable_strategy))]
# A page of what is published (editions), for anyone who may see the strategy.
PublishedView = Annotated[StageRead, Depends(_reading(readable_strategy))]
# The review comments of a strategy, for someone who may comment on it.
CommentView = Annotated[StageRead, Depends(_reading(commentable_strategy))]
# A form to add or change a stage's record (the GET before a ``StageEdit``), for someone who may change it.
EditView = Annotated[StageRead, Depends(_reading(editable_strategy))]
# A POST to a strategy's stage by someone who may change it.
StageEdit = Annotated[StageWrite, Depends(_writing(editable_strategy))]
# A POST of a review comment or reply, by someone who may comment on the strategy.
StageComment = Annotated[StageWrite, Depends(_writing(commentable_strategy))]
# Administration's pages and POSTs, for administrators.
AdminView = Annotated[UserRead, Depends(_user_reading(get_admin_user, "admin"))]
AdminEdit = Annotated[UserWrite, Depends(_user_writing(get_admin_user, "admin"))]
# Your account's pages and POSTs.
AccountView = Annotated[UserRead, Depends(_user_reading(get_current_user, "account"))]
AccountEdit = Annotated[UserWrite, Depends(_user_writing(get_current_user, "account"))]
# The facilitator overview of every place someone is a member of.
OverviewView = Annotated[UserRead, Depends(_user_reading(get_current_user, "overview"))]
# Setting up two-factor sign-in: for anyone signed in, also before the set-up a place may require of them.
SetUpView = Annotated[UserRead, Depends(_user_reading(get_signed_in_user, "account"))]
SetUpEdit = Annotated[UserWrite, Depends(_user_writing(get_signed_in_user, "account"))]
