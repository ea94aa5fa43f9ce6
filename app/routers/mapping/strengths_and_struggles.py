"""Strengths and struggles stage: the two kinds of record, their evidence and their matches.

Strengths and struggles share one set of handlers, chosen by the ``kind`` in the URL path template, so that
both behave the same (form, errors, 409, evidence picker, history).
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.forms import FormState, form_fields, initial_values, parse_form, read_whole_number
from app.models import Strength, StrengthKind, StrengthStatus, Struggle, Trend
from app.schemas.mapping import StrengthForm, StruggleForm, sources_text
from app.services import review
from app.services.listening import service as listening
from app.services.mapping import candidates
from app.services.mapping import service as mapping
from app.services.plan import service as plan
from app.services.records.versioning import VersionConflict, field_comparison
from app.templating import render
from app.web import FormDataDep, expected_version, int_or_none, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/mapping")

SEVERITY = [
    (str(n), f"{n}: {text}")
    for n, text in [(1, "minor"), (2, "noticeable"), (3, "serious"), (4, "very serious"), (5, "severe")]
]


EVIDENCE_DONE = frozenset({"Voice added as evidence", "Voice removed from the evidence"})


@dataclass(frozen=True)
class KindPages:
    """What differs between strengths and struggles."""

    kind: str
    plural: str
    form: type[BaseModel]
    noun: str


STRENGTHS = KindPages(kind="strength", plural="strengths", form=StrengthForm, noun="strength")
STRUGGLES = KindPages(kind="struggle", plural="struggles", form=StruggleForm, noun="struggle")


def _get(session: SessionDep, ctx: StrategyAccess, pages: KindPages, record_id: int) -> Strength | Struggle:
    if pages.kind == "strength":
        return mapping.get_strength(session=session, strategy=ctx.strategy, strength_id=record_id)
    return mapping.get_struggle(session=session, strategy=ctx.strategy, struggle_id=record_id)


def _options(
    session: SessionDep, ctx: StrategyAccess, voice_ids: list[int]
) -> dict[str, list[tuple[str, str]]]:
    return {
        "area_ids": [(str(a.id), a.name) for a in listening.place_areas(session=session, place=ctx.place)],
        "theme_ids": [(str(t.id), t.name) for t in listening.place_themes(session=session, place=ctx.place)],
        "exercise_ids": [
            (str(e.id), e.title) for e, _ in listening.list_exercises(session=session, strategy=ctx.strategy)
        ],
        "voice_ids": [
            (str(v.id), v.text[:140])
            for v in mapping.voices_by_id(session=session, strategy=ctx.strategy, voice_ids=voice_ids)
        ],
        "severity": SEVERITY,
    }


def _form_page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    pages: KindPages,
    state: FormState[Any],
    *,
    record: Strength | Struggle | None,
    version: int | None = None,
    comparison: list[tuple[str, str, str]] | None = None,
    candidate: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    voice_ids = [found for v in state.values.get("voice_ids") or [] if (found := read_whole_number(str(v)))]
    return render(
        request,
        "mapping/form.html",
        stage_context(
            ctx,
            pages=pages,
            record=record,
            version=version,
            comparison=comparison,
            candidate=candidate,
            fields=form_fields(pages.form, state.values, state.errors, _options(session, ctx, voice_ids)),
            errors=state.errors,
        ),
        status_code=status,
    )


def _values_of(record: Strength | Struggle, pages: KindPages) -> dict[str, Any]:
    values = initial_values(pages.form, record)
    if isinstance(record, Struggle):
        values["data_sources"] = sources_text(record.data_sources or [])
        values["severity"] = str(record.severity)
    return values


# --- Lists, views and forms for both kinds -------------------------------------------------------------


def _register(pages: KindPages) -> None:
    kind, plural = pages.kind, pages.plural

    @router.get(f"/{plural}/", name=f"mapping.{plural}")
    def index(
        request: Request,
        session: SessionDep,
        ctx: DraftReadableStrategy,
        kind_filter: str | None = None,
        status: str | None = None,
        area: str | None = None,
        theme: str | None = None,
    ) -> HTMLResponse:
        filters = mapping.MappingFilters(
            kind=kind_filter if kind_filter in StrengthKind.__members__ else None,
            status=status if status in StrengthStatus.__members__ else None,
            area_id=int_or_none(area),
            theme_id=int_or_none(theme),
        )
        lister = mapping.list_strengths if kind == "strength" else mapping.list_struggles
        return render(
            request,
            "mapping/list.html",
            stage_context(
                ctx,
                pages=pages,
                records=lister(session=session, strategy=ctx.strategy, filters=filters),
                filters=filters,
                areas=[(str(a.id), a.name) for a in listening.place_areas(session=session, place=ctx.place)],
                themes=[
                    (str(t.id), t.name) for t in listening.place_themes(session=session, place=ctx.place)
                ],
                kinds=[(k.value, k.label) for k in StrengthKind],
                statuses=[(s.value, s.label) for s in StrengthStatus],
                labels=_labels(),
            ),
        )

    @router.get(f"/{plural}/new", name=f"mapping.new_{kind}")
    def new(
        request: Request, session: SessionDep, ctx: EditableStrategy, candidate: str | None = None
    ) -> HTMLResponse:
        values: dict[str, Any] = {}
        found = (
            candidates.get_candidate(session=session, strategy=ctx.strategy, key=candidate)
            if candidate
            else None
        )
        if found is not None and found.record_kind == kind:
            values = {
                "area_ids": [found.area_id],
                "theme_ids": [found.theme_id],
                "voice_ids": found.voice_ids,
                "exercise_ids": found.exercise_ids,
                "name" if kind == "strength" else "title": found.title,
                "description": found.reason,
            }
        return _form_page(
            request,
            session,
            ctx,
            pages,
            FormState(values=values),
            record=None,
            candidate=found.key if found else None,
        )

    @router.post(f"/{plural}/new", name=f"mapping.create_{kind}")
    def create(
        request: Request, session: SessionDep, user: CurrentUser, ctx: EditableStrategy, form: FormDataDep
    ) -> Response:
        state = parse_form(pages.form, form)
        if state.data is not None:
            try:
                record: Strength | Struggle
                if isinstance(state.data, StrengthForm):
                    record = mapping.create_strength(
                        session=session, strategy=ctx.strategy, actor=user, form=state.data
                    )
                else:
                    assert isinstance(state.data, StruggleForm)
                    record = mapping.create_struggle(
                        session=session, strategy=ctx.strategy, actor=user, form=state.data
                    )
            except FieldError as problem:
                state.errors[problem.field] = problem.message
            else:
                candidate = str(form.get("candidate") or "")
                if candidate:
                    candidates.dismiss_candidate(session=session, strategy=ctx.strategy, key=candidate)
                return redirect(
                    request,
                    url(request, f"mapping.show_{kind}", record_id=record.id, **strategy_ids(ctx)),
                    flash=f"{pages.noun.capitalize()} saved",
                )
        return _form_page(
            request,
            session,
            ctx,
            pages,
            state,
            record=None,
            candidate=str(form.get("candidate") or "") or None,
            status=400,
        )

    @router.get(f"/{plural}/{{record_id}}/", name=f"mapping.show_{kind}")
    def show(
        request: Request,
        session: SessionDep,
        ctx: DraftReadableStrategy,
        record_id: int,
        q: str | None = None,
        theme: str | None = None,
        area: str | None = None,
    ) -> HTMLResponse:
        record = _get(session, ctx, pages, record_id)
        return render(
            request,
            "mapping/show.html",
            stage_context(
                ctx,
                pages=pages,
                record=record,
                labels=_labels(),
                **_evidence_context(session, ctx, record, q, theme, area),
                matches=mapping.matches_for(session=session, strategy=ctx.strategy, struggle=record)
                if isinstance(record, Struggle)
                else [],
                answered_by=plan.actions_answering(
                    session=session, strategy=ctx.strategy, struggle_ids=[record_id]
                )
                if isinstance(record, Struggle)
                else [],
                review=review.panel(
                    session=session, strategy=ctx.strategy, kind=pages.kind, target_id=record_id
                ),
            ),
        )

    @router.get(f"/{plural}/{{record_id}}/edit", name=f"mapping.edit_{kind}_form")
    def edit_form(
        request: Request, session: SessionDep, ctx: EditableStrategy, record_id: int
    ) -> HTMLResponse:
        record = _get(session, ctx, pages, record_id)
        return _form_page(
            request,
            session,
            ctx,
            pages,
            FormState(values=_values_of(record, pages)),
            record=record,
            version=record.version,
        )

    @router.post(f"/{plural}/{{record_id}}/edit", name=f"mapping.edit_{kind}")
    def edit(
        request: Request,
        session: SessionDep,
        user: CurrentUser,
        ctx: EditableStrategy,
        record_id: int,
        form: FormDataDep,
    ) -> Response:
        record = _get(session, ctx, pages, record_id)
        state = parse_form(pages.form, form)
        loaded = expected_version(form)
        if state.data is not None:
            try:
                if isinstance(record, Strength) and isinstance(state.data, StrengthForm):
                    mapping.update_strength(
                        session=session,
                        strategy=ctx.strategy,
                        strength=record,
                        actor=user,
                        form=state.data,
                        expected_version=loaded,
                    )
                elif isinstance(record, Struggle) and isinstance(state.data, StruggleForm):
                    mapping.update_struggle(
                        session=session,
                        strategy=ctx.strategy,
                        struggle=record,
                        actor=user,
                        form=state.data,
                        expected_version=loaded,
                    )
            except FieldError as problem:
                state.errors[problem.field] = problem.message
            except VersionConflict as conflict:
                return _form_page(
                    request,
                    session,
                    ctx,
                    pages,
                    state,
                    record=record,
                    version=record.version,
                    comparison=field_comparison(conflict.record, conflict.submitted, session),
                    status=409,
                )
            else:
                return redirect(
                    request,
                    url(request, f"mapping.show_{kind}", record_id=record_id, **strategy_ids(ctx)),
                    flash=f"{pages.noun.capitalize()} saved",
                )
        return _form_page(
            request, session, ctx, pages, state, record=record, version=loaded or record.version, status=400
        )

    @router.post(f"/{plural}/{{record_id}}/evidence", name=f"mapping.attach_{kind}_voice")
    def attach(
        request: Request,
        session: SessionDep,
        user: CurrentUser,
        ctx: EditableStrategy,
        record_id: int,
        form: FormDataDep,
    ) -> Response:
        """Attach one voice; with htmx, answer with the evidence panel so the search can go on."""
        record = _get(session, ctx, pages, record_id)
        voice_id = int_or_none(str(form.get("voice_id") or ""))
        message = "Voice added as evidence"
        try:
            if voice_id is None:
                raise FieldError("voice_id", "Choose a voice")
            mapping.attach_voice(
                session=session,
                strategy=ctx.strategy,
                record=record,
                voice_id=voice_id,
                actor=user,
                expected_version=expected_version(form),
            )
        except FieldError as problem:
            message = problem.message
        except VersionConflict:
            message = "Someone else changed this record; check its evidence and try again"
        return _evidence_answer(request, session, ctx, pages, record_id, form, message)

    @router.post(f"/{plural}/{{record_id}}/evidence/{{voice_id}}/remove", name=f"mapping.detach_{kind}_voice")
    def detach(
        request: Request,
        session: SessionDep,
        user: CurrentUser,
        ctx: EditableStrategy,
        record_id: int,
        voice_id: int,
        form: FormDataDep,
    ) -> Response:
        record = _get(session, ctx, pages, record_id)
        message = "Voice removed from the evidence"
        try:
            mapping.detach_voice(
                session=session,
                record=record,
                voice_id=voice_id,
                actor=user,
                expected_version=expected_version(form),
            )
        except VersionConflict:
            message = "Someone else changed this record; check its evidence and try again"
        return _evidence_answer(request, session, ctx, pages, record_id, form, message)


def _evidence_context(
    session: SessionDep,
    ctx: StrategyAccess,
    record: Strength | Struggle,
    q: str | None,
    theme: str | None,
    area: str | None,
) -> dict[str, Any]:
    searching = bool(q or theme or area)
    results = (
        listening.list_voices(
            session=session,
            strategy=ctx.strategy,
            filters=listening.VoiceFilters(
                theme_id=int_or_none(theme), area_id=int_or_none(area), search=(q or "").strip()[:200] or None
            ),
        )
        if searching
        else None
    )
    return {
        "evidence": mapping.evidence_voices(session=session, record=record),
        "search": {"q": q or "", "theme": theme or "", "area": area or ""},
        "results": [v for v in results.voices if v.id not in record.voice_ids][:15] if results else None,
        "areas": [(str(a.id), a.name) for a in listening.place_areas(session=session, place=ctx.place)],
        "themes": [(str(t.id), t.name) for t in listening.place_themes(session=session, place=ctx.place)],
    }


def _evidence_answer(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    pages: KindPages,
    record_id: int,
    form: Any,
    message: str,
) -> Response:
    search = {key: str(form.get(key) or "") for key in ("q", "theme", "area")}
    if request.headers.get("HX-Request") == "true":
        record = _get(session, ctx, pages, record_id)
        return render(
            request,
            "mapping/_evidence.html",
            stage_context(
                ctx,
                pages=pages,
                record=record,
                evidence_message=message,
                **_evidence_context(session, ctx, record, search["q"], search["theme"], search["area"]),
            ),
        )
    target = url(request, f"mapping.show_{pages.kind}", record_id=record_id, **strategy_ids(ctx))
    query = urlencode({k: v for k, v in search.items() if v})
    return redirect(
        request,
        target + (f"?{query}" if query else "") + "#evidence",
        flash=message,
        warning=message not in EVIDENCE_DONE,
    )


def _labels() -> dict[str, dict[str, str]]:
    return {
        "kind": {k.value: k.label for k in StrengthKind},
        "status": {s.value: s.label for s in StrengthStatus},
        "trend": {t.value: t.label for t in Trend},
    }


_register(STRENGTHS)
_register(STRUGGLES)


@router.post("/struggles/{record_id}/matches/{strength_id}", name="mapping.confirm_match")
def confirm_match(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    record_id: int,
    strength_id: int,
    form: FormDataDep,
) -> Response:
    struggle = mapping.get_struggle(session=session, strategy=ctx.strategy, struggle_id=record_id)
    remove = form.get("remove") == "true"
    try:
        action = mapping.remove_match if remove else mapping.confirm_match
        action(
            session=session,
            strategy=ctx.strategy,
            struggle=struggle,
            strength_id=strength_id,
            actor=user,
            expected_version=expected_version(form),
        )
    except VersionConflict:
        return redirect(
            request,
            url(request, "mapping.show_struggle", record_id=record_id, **strategy_ids(ctx)),
            flash="Someone else changed this struggle; check it and try again",
            warning=True,
        )
    return redirect(
        request,
        url(request, "mapping.show_struggle", record_id=record_id, **strategy_ids(ctx)) + "#matches",
        flash="Match removed" if remove else "Match confirmed: this strength could help",
    )
