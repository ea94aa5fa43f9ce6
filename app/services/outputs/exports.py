"""Exports: every list of a strategy as CSV or XLSX, read from the current drafts or a published edition.

Rules enforced here:
- officers and facilitators export the current drafts (the default) or any published edition of a stage;
- a councillor exports only the latest published edition of a stage (the default for them), never what
  residents said (a ``personal`` kind in ``kinds``) and never fields about people (its ``personal_fields``):
  asking for drafts, voices or an older edition is refused (403);
- a published list is read as the stage was at its edition, and so are the names it mentions (the priority
  of an action, the action of an update), so an export never mixes an edition with later drafts;
- rows are read in batches (``yield_per``) while the file is written, so a list of any length is never held
  in memory whole (see ``spreadsheets``);
- every export is recorded in the audit log with who, what, which source and how many rows, in a write
  transaction of its own committed before the file is sent (``record_export``).
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, or_, select
from sqlmodel.sql.expression import Select

from app.errors import NotFound
from app.models import Area, Edition, Strategy, Theme, Versioned, version_class
from app.services.access import PermissionDenied, PlaceAccess
from app.services.accounts import audit
from app.services.outputs.export_lists import BY_NAME, ID, LISTS, RECORD_LOOKUPS, Column, ExportList, Lookups
from app.services.outputs.spreadsheets import CASTS, CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, csv_chunks, xlsx_chunks
from app.services.records import editions, kinds

BATCH = 1000
_DELETED = 2  # Continuum's operation type for a deletion


class ExportNotFound(NotFound):
    """No such list, file format, source or edition for this strategy."""


class Source(StrEnum):
    draft = "draft"
    published = "published"


# --- Where rows come from: the records now, or the stage as it was at an edition --------------------------


@dataclass(frozen=True)
class Snapshot:
    """The records now (``source`` draft) or a stage's edition; a published stage without one has no rows."""

    source: Source
    edition: Edition | None = None

    @property
    def transaction_id(self) -> int | None:
        return self.edition.transaction_id if self.edition is not None else None

    @property
    def empty(self) -> bool:
        return self.source is Source.published and self.edition is None

    @property
    def label(self) -> str:
        if self.source is Source.draft:
            return "draft"
        if self.edition is None:
            return "not yet published"
        return f"published edition {self.edition.number}"

    @property
    def slug(self) -> str:
        return "draft" if self.edition is None else f"edition-{self.edition.number}"


def snapshot_statement(
    model: type[Versioned], columns: list[str], *, strategy: Strategy, snapshot: Snapshot
) -> Select[*tuple[Any, ...]]:
    """Columns of a stage's records as the snapshot has them: the live table for drafts, the version rows
    valid at the edition's transaction otherwise (the rule ``editions.records_at`` follows)."""
    if snapshot.transaction_id is None:
        table = model.__table__  # type: ignore[attr-defined]
        return Select(*(table.c[name] for name in columns)).where(table.c.strategy_id == strategy.id)
    version = version_class(model)
    table = version.__table__
    transaction_id = snapshot.transaction_id
    return Select(*(table.c[name] for name in columns)).where(
        table.c.strategy_id == strategy.id,
        table.c.operation_type != _DELETED,
        table.c.transaction_id <= transaction_id,
        or_(table.c.end_transaction_id.is_(None), table.c.end_transaction_id > transaction_id),
    )


def resolve_snapshot(
    *,
    session: Session,
    strategy: Strategy,
    access: PlaceAccess,
    stage: str,
    source: str | None,
    edition_id: int | None,
) -> Snapshot:
    """Which records of ``stage`` the user asked for and may have (see the module's rules)."""
    if edition_id is not None:
        edition = editions.get_edition(session=session, strategy=strategy, edition_id=edition_id)
        if edition.stage != stage:
            raise ExportNotFound(edition_id)
        if not access.can_read_drafts:
            latest = editions.latest_editions(session=session, strategy=strategy).get(stage)
            if latest is None or latest.id != edition.id:
                raise PermissionDenied("only the latest edition")
        return Snapshot(Source.published, edition)
    if resolve_source(access=access, source=source) is Source.draft:
        return Snapshot(Source.draft)
    return Snapshot(Source.published, editions.latest_editions(session=session, strategy=strategy).get(stage))


def resolve_source(*, access: PlaceAccess, source: str | None) -> Source:
    """Drafts by default for those who may read them, the published editions for everyone else; a
    councillor asking for drafts is refused."""
    try:
        chosen = Source(source) if source else None
    except ValueError:
        raise ExportNotFound(source) from None
    if chosen is None:
        return Source.draft if access.can_read_drafts else Source.published
    if chosen is Source.draft and not access.can_read_drafts:
        raise PermissionDenied("drafts")
    return chosen


def snapshot_rows(*, session: Session, strategy: Strategy, kind: str, snapshot: Snapshot) -> list[Any]:
    """Every record of a kind as the snapshot has it, as rows with the record's attributes (small kinds
    only: voices are read in batches)."""
    if snapshot.empty:
        return []
    model = kinds.BY_NAME[kind].model
    # Every column the version table keeps (the optimistic-concurrency counter is not versioned).
    kept = version_class(model).__table__.c
    columns = [c.name for c in model.__table__.columns if c.name in kept]  # type: ignore[attr-defined]
    statement = snapshot_statement(model, columns, strategy=strategy, snapshot=snapshot)
    return list(session.exec(statement.order_by(statement.selected_columns["id"])).all())


# --- Names that lists mention by id ------------------------------------------------------------------------


def load_lookups(
    *, session: Session, strategy: Strategy, snapshot: Snapshot, wanted: frozenset[str]
) -> Lookups:
    """Names for every id the list mentions, as at the same snapshot (areas and themes as they are now)."""
    lookups = Lookups()
    if "area" in wanted:
        areas = session.exec(select(Area.id, Area.name).where(Area.place_id == strategy.place_id)).all()
        lookups.names["area"] = {int(i): n for i, n in areas if i is not None}
    if "theme" in wanted:
        themes = session.exec(
            select(Theme.id, Theme.name).where(
                or_(col(Theme.place_id).is_(None), Theme.place_id == strategy.place_id)
            )
        ).all()
        lookups.names["theme"] = {int(i): n for i, n in themes if i is not None}
    for name in wanted & RECORD_LOOKUPS.keys():
        kind, column = RECORD_LOOKUPS[name]
        statement = snapshot_statement(
            kinds.BY_NAME[kind].model, ["id", column], strategy=strategy, snapshot=snapshot
        )
        lookups.names[name] = {int(i): str(n) for i, n in session.exec(statement).all()}
    return lookups


FORMATS = {"csv": ("CSV", CSV_MEDIA_TYPE), "xlsx": ("XLSX", XLSX_MEDIA_TYPE)}


def get_list(name: str) -> ExportList:
    export = BY_NAME.get(name)
    if export is None:
        raise ExportNotFound(name)
    return export


def lists_for(*, access: PlaceAccess) -> list[ExportList]:
    """The lists this user may export: all of them, or all but what residents said for a councillor."""
    return [export for export in LISTS if access.can_read_drafts or not export.personal]


# --- Rows and files ----------------------------------------------------------------------------------------


def _statement(
    export: ExportList, columns: list[Column], strategy: Strategy, snapshot: Snapshot
) -> tuple[Any, list[str]]:
    """The list's query in its order, and the fields it selects, in the order they come in each row."""
    fields = list(dict.fromkeys(["id", *(c.field for c in columns), *export.order]))
    statement = snapshot_statement(
        kinds.BY_NAME[export.kind].model, fields, strategy=strategy, snapshot=snapshot
    )
    return statement.order_by(*(statement.selected_columns[name] for name in export.order)), fields


def count_rows(*, session: Session, export: ExportList, strategy: Strategy, snapshot: Snapshot) -> int:
    if snapshot.empty:
        return 0
    statement, _fields = _statement(export, [ID], strategy, snapshot)
    return int(session.exec(select(func.count()).select_from(statement.order_by(None).subquery())).one())


def _reader(column: Column, lookups: Lookups) -> Callable[[Any], Any]:
    cast = CASTS[column.type]
    convert = column.convert
    if convert is None:
        return cast
    return lambda value: cast(convert(value, lookups))


def typed_rows(
    *,
    reader: Callable[[], AbstractContextManager[Session]],
    export: ExportList,
    columns: list[Column],
    strategy: Strategy,
    snapshot: Snapshot,
    lookups: Lookups,
) -> Iterator[list[Any]]:
    """The list's rows, read in batches of ``BATCH`` from a session ``reader`` opens when the first row is
    wanted (the file is sent after the request's own session has closed), each value typed for its column."""
    if snapshot.empty:
        return
    statement, fields = _statement(export, columns, strategy, snapshot)
    readers = [(fields.index(column.field), _reader(column, lookups)) for column in columns]
    with reader() as session:
        for row in session.exec(statement.execution_options(yield_per=BATCH)):
            yield [read(row[index]) for index, read in readers]


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    chunks: Iterator[bytes]
    audit_detail: str  # for the audit log, written by the caller before the first byte is sent


def export_list(
    *,
    session: Session,
    access: PlaceAccess,
    strategy: Strategy,
    name: str,
    file_format: str,
    source: str | None,
    edition_id: int | None,
    reader: Callable[[], AbstractContextManager[Session]] | None = None,
) -> ExportFile:
    """A list as a file whose rows are read while it is sent, by a session from ``reader`` (by default,
    ``session`` itself). Recording the export in the audit log is the caller's, with ``audit_detail``."""
    export = get_list(name)
    if file_format not in FORMATS:
        raise ExportNotFound(file_format)
    if export.personal and not access.can_read_drafts:
        raise PermissionDenied("what residents said")
    snapshot = resolve_snapshot(
        session=session,
        strategy=strategy,
        access=access,
        stage=export.stage,
        source=source,
        edition_id=edition_id,
    )
    columns = export.visible_columns(personal=access.can_read_drafts)
    count = count_rows(session=session, export=export, strategy=strategy, snapshot=snapshot)
    format_name, media_type = FORMATS[file_format]
    rows_word = "row" if count == 1 else "rows"
    lookups = load_lookups(session=session, strategy=strategy, snapshot=snapshot, wanted=export.lookups)
    rows = typed_rows(
        reader=reader or (lambda: nullcontext(session)),
        export=export,
        columns=columns,
        strategy=strategy,
        snapshot=snapshot,
        lookups=lookups,
    )
    headers = [column.header for column in columns]
    if file_format == "csv":
        chunks = csv_chunks(headers, rows)
    else:
        widths = [column.width for column in columns]
        chunks = xlsx_chunks(title=export.title, headers=headers, widths=widths, rows=rows)
    place = access.place
    return ExportFile(
        filename=f"{place.slug}-{strategy.slug}-{export.name}-{snapshot.slug}.{file_format}",
        media_type=media_type,
        chunks=chunks,
        audit_detail=f"{export.title} {format_name} ({snapshot.label}), {count} {rows_word}",
    )


def record_export(*, session: Session, access: PlaceAccess, strategy: Strategy, detail: str) -> None:
    audit.record_event(
        session=session,
        actor=access.user,
        place=access.place,
        action="export",
        detail=f"{detail} – {strategy.title}",
    )


# --- The exports page --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageExports:
    stage: str
    title: str
    lists: list[ExportList]
    latest: Edition | None
    editions: list[Edition]  # every edition, newest first, for those who may read drafts


def export_choices(*, session: Session, strategy: Strategy, access: PlaceAccess) -> list[StageExports]:
    """What the exports page offers, stage by stage."""
    allowed = lists_for(access=access)
    all_editions = editions.list_editions(session=session, strategy=strategy)
    choices = []
    for stage_slug, stage in editions.STAGE_BY_SLUG.items():
        stage_editions = [e for e in all_editions if e.stage == stage_slug]
        choices.append(
            StageExports(
                stage=stage_slug,
                title=stage.title,
                lists=[export for export in allowed if export.stage == stage_slug],
                latest=stage_editions[0] if stage_editions else None,
                editions=stage_editions if access.can_read_drafts else [],
            )
        )
    return choices
