"""Strengths and struggles stage: the two kinds of record, their evidence and their matches.

Strengths and struggles share their list, page, evidence picker and add and change forms: one route for each
page, with the kind in the address (``/mapping/strengths/`` or ``/mapping/struggles/``, the ``records`` path
parameter), so both behave the same. What differs is described once for each kind, in ``KindPages``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from starlette.convertors import Convertor, register_url_convertor

from app.errors import FieldError
from app.form_pages import FormPage, show
from app.forms import FormState
from app.models import SEVERITY_WORDS, Strength, StrengthKind, StrengthStatus, Struggle
from app.numbers_and_dates import read_whole_number
from app.routers import choices
from app.schemas.mapping import EvidenceSearch, MappingFilters, StrengthForm, StruggleForm, sources_text
from app.services.listening import voice_list
from app.services.mapping import candidates
from app.services.mapping import lists as mapping_lists
from app.services.mapping import screens as mapping_screens
from app.services.mapping import service as mapping
from app.services.records.versioning import VersionConflict
from app.views import EditView, StageEdit, StageRead, StageView, StageWrite
from app.web import int_or_none, screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/mapping")

EVIDENCE_DONE = frozenset({"Voice added as evidence", "Voice removed from the evidence"})


F = TypeVar("F", bound=BaseModel)


@dataclass(frozen=True)
class KindPages(Generic[F]):
    """What differs between strengths and struggles: their names, form and service calls."""

    kind: str
    plural: str
    form: type[F]
    get: Callable[..., Any]  # (session, strategy, record_id) -> the record, or MappingNotFound
    listing: Callable[..., list[Any]]  # (session, strategy, filters) -> the records shown in the list
    create: Callable[..., Any]  # (session, strategy, actor, form) -> the new record
    update: Callable[..., Any]  # (session, strategy, actor, record, form, expected_version) -> the record
    # the record's values that its form shows otherwise than they are stored
    saved: Callable[[Any], dict[str, Any]] = lambda record: {}

    @property
    def noun(self) -> str:
        return self.kind


STRENGTHS = KindPages(
    kind="strength",
    plural="strengths",
    form=StrengthForm,
    get=lambda *, record_id, **by: mapping.get_strength(strength_id=record_id, **by),
    listing=mapping_lists.list_strengths,
    create=mapping.create_strength,
    update=lambda *, record, **by: mapping.update_strength(strength=record, **by),
)
STRUGGLES = KindPages(
    kind="struggle",
    plural="struggles",
    form=StruggleForm,
    get=lambda *, record_id, **by: mapping.get_struggle(struggle_id=record_id, **by),
    listing=mapping_lists.list_struggles,
    create=mapping.create_struggle,
    update=lambda *, record, **by: mapping.update_struggle(struggle=record, **by),
    saved=lambda struggle: {
        "data_sources": sources_text(struggle.data_sources or []),
        "severity": str(struggle.severity),
    },
)
KINDS = {pages.kind: pages for pages in (STRENGTHS, STRUGGLES)}
BY_PLURAL = {pages.plural: pages for pages in (STRENGTHS, STRUGGLES)}


class _Records(Convertor[str]):
    """The ``records`` segment of an address: only a kind's plural matches, so any other is not found."""

    regex = "|".join(BY_PLURAL)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("mapping_records", _Records())
RECORDS = "/{records:mapping_records}"


def _pages(records: str) -> KindPages[Any]:
    return BY_PLURAL[records]


Pages = Annotated[KindPages[Any], Depends(_pages)]


def _get(view: StageRead, pages: KindPages[Any], record_id: int) -> Strength | Struggle:
    record: Strength | Struggle = pages.get(**view.of, record_id=record_id)
    return record


def _options(view: StageRead, voice_ids: list[int]) -> dict[str, list[tuple[str, str]]]:
    return {
        "area_ids": choices.areas(view),
        "theme_ids": choices.themes(view),
        "exercise_ids": choices.exercises(view),
        "voice_ids": [
            (str(v.id), v.text[:140]) for v in mapping_lists.voices_by_id(**view.of, voice_ids=voice_ids)
        ],
        "severity": choices.scale(SEVERITY_WORDS),
    }


def _record_page(
    view: StageRead,
    pages: KindPages[F],
    record: Strength | Struggle | None,
    *,
    chosen: Iterable[object],
    candidate: str | None = None,
) -> FormPage[F]:
    """The add or change form. Its evidence checkboxes offer only the voices already ``chosen`` (more are
    added from the record's page), and ``candidate`` is the suggestion it was filled in from."""
    voice_ids = [found for v in chosen if (found := read_whole_number(str(v)))]
    return FormPage(
        template="mapping/form.html",
        form=pages.form,
        context=stage_context(view.ctx, pages=pages, record=record, candidate=candidate),
        options=lambda: _options(view, voice_ids),
    )


# --- Lists, views and evidence for both kinds ----------------------------------------------------------


@router.get(RECORDS + "/", name="mapping.records")
def index(view: StageView, pages: Pages, filters: Annotated[MappingFilters, Query()]) -> HTMLResponse:
    return view.page(
        "mapping/list.html",
        pages=pages,
        records=pages.listing(**view.of, filters=filters),
        filters=filters,
        areas=choices.areas(view),
        themes=choices.themes(view),
        kinds=choices.labelled(StrengthKind),
        statuses=choices.labelled(StrengthStatus),
    )


@router.get(RECORDS + "/{record_id}/", name="mapping.record")
def show_record(
    view: StageView, pages: Pages, record_id: int, search: Annotated[EvidenceSearch, Query()]
) -> HTMLResponse:
    record = _get(view, pages, record_id)
    screen = mapping_screens.record_screen(**view.of, access=view.ctx.access, kind=pages.kind, record=record)
    return view.page(
        "mapping/show.html",
        pages=pages,
        record=record,
        **_evidence_context(view, record, search),
        **screen_context(screen),
    )


@router.post(RECORDS + "/{record_id}/evidence", name="mapping.attach_voice")
def attach(write: StageEdit, pages: Pages, record_id: int) -> Response:
    """Attach one voice; with htmx, answer with the evidence panel so the search can go on."""
    record = _get(write, pages, record_id)
    voice_id = int_or_none(str(write.form.get("voice_id") or ""))

    def step() -> None:
        if voice_id is None:
            raise FieldError("voice_id", "Choose a voice")
        mapping.attach_voice(**write.by, record=record, voice_id=voice_id, expected_version=write.version)

    return _evidence_answer(write, pages, record_id, _outcome(step, "Voice added as evidence"))


@router.post(RECORDS + "/{record_id}/evidence/{voice_id}/remove", name="mapping.detach_voice")
def detach(write: StageEdit, pages: Pages, record_id: int, voice_id: int) -> Response:
    record = _get(write, pages, record_id)

    def step() -> None:
        mapping.detach_voice(
            session=write.session,
            record=record,
            voice_id=voice_id,
            actor=write.user,
            expected_version=write.version,
        )

    return _evidence_answer(write, pages, record_id, _outcome(step, "Voice removed from the evidence"))


def _outcome(step: Callable[[], None], done: str) -> str:
    """What the evidence panel says after ``step``: ``done``, or why nothing changed."""
    try:
        step()
    except FieldError as problem:
        return problem.message
    except VersionConflict:
        return "Someone else changed this record; check its evidence and try again"
    return done


def _evidence_context(view: StageRead, record: Strength | Struggle, search: EvidenceSearch) -> dict[str, Any]:
    asked = search.voices()
    results = voice_list.list_voices(**view.of, filters=asked) if asked else None
    return {
        "evidence": mapping_lists.evidence_voices(session=view.session, record=record),
        "search": search.model_dump(),
        "results": [v for v in results.voices if v.id not in record.voice_ids][:15] if results else None,
        "areas": choices.areas(view),
        "themes": choices.themes(view),
    }


def _evidence_answer(write: StageWrite, pages: KindPages[Any], record_id: int, message: str) -> Response:
    search = EvidenceSearch.model_validate(dict(write.form))
    if write.request.headers.get("HX-Request") == "true":
        record = _get(write, pages, record_id)
        return write.page(
            "mapping/_evidence.html",
            pages=pages,
            record=record,
            evidence_message=message,
            **_evidence_context(write, record, search),
        )
    query = urlencode({k: v for k, v in search.model_dump().items() if v})
    return write.redirect(
        _record_url(write, pages, record_id) + (f"?{query}" if query else "") + "#evidence",
        flash=message,
        warning=message not in EVIDENCE_DONE,
    )


def _record_url(view: StageRead, pages: KindPages[Any], record_id: int) -> str:
    return view.url("mapping.record", records=pages.plural, record_id=record_id)


# --- Adding and changing a strength or a struggle ------------------------------------------------------


def _new_form(view: StageRead, pages: KindPages[F], candidate: str | None) -> HTMLResponse:
    """A new record's form, filled in from a candidate found in what people said when one is named."""
    found = candidates.get_candidate(**view.of, key=candidate) if candidate else None
    values: dict[str, Any] = {}
    if found is not None and found.record_kind == pages.kind:
        values = {
            "area_ids": [found.area_id],
            "theme_ids": [found.theme_id],
            "voice_ids": found.voice_ids,
            "exercise_ids": found.exercise_ids,
            "name" if pages.kind == "strength" else "title": found.title,
            "description": found.reason,
        }
    key = found.key if found else None
    page = _record_page(view, pages, None, chosen=values.get("voice_ids", []), candidate=key)
    return show(view.request, page, FormState(values=values))


def _posted_page(write: StageWrite, pages: KindPages[F], record: Strength | Struggle | None) -> FormPage[F]:
    candidate = str(write.form.get("candidate") or "") or None
    chosen = write.form.getlist("voice_ids")
    return _record_page(write, pages, record, chosen=chosen, candidate=candidate)


def _saved(pages: KindPages[Any]) -> str:
    return f"{pages.kind.capitalize()} saved"


@router.get(RECORDS + "/new", name="mapping.new_record")
def new(view: EditView, pages: Pages, candidate: str | None = None) -> HTMLResponse:
    return _new_form(view, pages, candidate)


@router.post(RECORDS + "/new", name="mapping.create_record")
def create(write: StageEdit, pages: Pages) -> Response:
    def save(data: BaseModel) -> str:
        record = pages.create(form=data, **write.by)
        candidate = str(write.form.get("candidate") or "")
        if candidate:  # a record made from a candidate: the candidate is not offered again
            candidates.dismiss_candidate(**write.of, key=candidate)
        return _record_url(write, pages, record.id)

    return write.submit(_posted_page(write, pages, None), save=save, flash=_saved(pages))


@router.get(RECORDS + "/{record_id}/edit", name="mapping.edit_record_form")
def edit_form(view: EditView, pages: Pages, record_id: int) -> HTMLResponse:
    record = _get(view, pages, record_id)
    page = _record_page(view, pages, record, chosen=record.voice_ids)
    return view.show_saved(page, record, **pages.saved(record))


@router.post(RECORDS + "/{record_id}/edit", name="mapping.edit_record")
def edit(write: StageEdit, pages: Pages, record_id: int) -> Response:
    record = _get(write, pages, record_id)
    return write.submit_edit(
        _posted_page(write, pages, record),
        record=record,
        update=lambda data, version: pages.update(
            record=record, form=data, expected_version=version, **write.by
        ),
        then=_record_url(write, pages, record_id),
        flash=_saved(pages),
    )


@router.post("/struggles/{record_id}/matches/{strength_id}", name="mapping.confirm_match")
def confirm_match(write: StageEdit, record_id: int, strength_id: int) -> Response:
    struggle = mapping.get_struggle(**write.of, struggle_id=record_id)
    remove = write.form.get("remove") == "true"
    change = mapping.remove_match if remove else mapping.confirm_match
    return write.act(
        lambda: change(
            **write.by, struggle=struggle, strength_id=strength_id, expected_version=write.version
        ),
        then=_record_url(write, STRUGGLES, record_id) + "#matches",
        flash="Match removed" if remove else "Match confirmed: this strength could help",
        changed="Someone else changed this struggle; check it and try again",
        changed_to=_record_url(write, STRUGGLES, record_id),
    )
