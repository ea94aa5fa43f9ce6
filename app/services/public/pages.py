"""A place's public pages: what residents may read, from published editions only.

Rules enforced here:
- a place's pages exist only while an officer has them switched on (``access.get_public_place``);
- they show one strategy, the newest with a published edition, and only what its latest published editions
  hold, through the councillor dashboard's sections (``dashboards``: the same numbers as the editions, counts
  of people under the small-count rule, never what anyone said) and "you said, we did" (``said_did``);
- a page is the same for as long as its editions, the place's strategies and settings, its own wording and
  the day (charts mark today) are: its validator (``ETag``, ``Last-Modified``) is made from those alone, in
  one query, so a revalidation, or a page rendered before, is answered before anything is worked out.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models import Area, Edition, Place, PublicPage, PublicText, Strategy, Theme, version_class
from app.models.base import id_of
from app.services.outputs import dashboards, place_maps, said_did
from app.services.outputs.kept import Kept
from app.services.outputs.maps import WardMap
from app.services.public import settings
from app.services.records import editions

KEPT = 256
PAGES_KEPT = 1024  # rendered pages each worker keeps (a page of each of the parts, in both languages)
_PAGES: Kept[tuple[str, str], bytes] = Kept(PAGES_KEPT)
_SAID_DID: Kept[tuple[object, ...], list[said_did.AreaSaidDid]] = Kept(KEPT)


@dataclass(frozen=True)
class PublicPlace:
    """A place whose public pages are switched on, with its settings."""

    place: Place
    page: PublicPage


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime


@dataclass(frozen=True)
class Published:
    """The strategy residents see and the latest edition of each of its stages."""

    strategy: Strategy | None
    editions: dict[str, Edition]


def public_strategy(*, session: Session, place: Place) -> Strategy | None:
    """The newest strategy (by start date) with at least one published edition."""
    return session.exec(
        select(Strategy)
        .where(Strategy.place_id == place.id, col(Strategy.id).in_(select(Edition.strategy_id).distinct()))
        .order_by(col(Strategy.start_date).desc(), col(Strategy.id).desc())
    ).first()


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def validator(*, session: Session, public: PublicPlace, language: str, today: date) -> Validator:
    """The pages' validator, from one small query: the place's editions (newest, how many, when), its
    strategies' versions (which one is shown, and its title), its own wording, its areas' latest change,
    and the settings. Any
    change to what a page shows changes one of these, so a reader's copy is still good when they match."""
    place_id = id_of(public.place)
    AreaVersion = version_class(Area)

    def of_place(aggregate: Any, place_column: Any) -> Any:
        return sa.select(aggregate).where(place_column == place_id).scalar_subquery()

    stamp = session.execute(
        sa.select(
            of_place(sa.func.max(col(Edition.id)), col(Edition.place_id)),
            of_place(sa.func.count(col(Edition.id)), col(Edition.place_id)),
            of_place(sa.func.max(col(Edition.published_at)), col(Edition.place_id)),
            of_place(sa.func.sum(col(Strategy.version)), col(Strategy.place_id)),
            of_place(sa.func.count(col(PublicText.id)), col(PublicText.place_id)),
            of_place(sa.func.max(col(PublicText.updated_at)), col(PublicText.place_id)),
            # Area names and outlines (the pages name areas, and draw them on a map).
            of_place(sa.func.max(AreaVersion.transaction_id), AreaVersion.place_id),
        )
    ).one()
    newest, editions_count, published_at, strategies, words, worded_at, areas = stamp
    parts = [language, newest, editions_count, strategies, words, worded_at, areas, public.page.version]
    parts.append(today)
    moments = [_as_utc(public.page.updated_at), datetime.combine(today, time(), tzinfo=UTC)]
    moments += [_as_utc(_moment(value)) for value in (published_at, worded_at) if value is not None]
    etag = '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'
    return Validator(etag=etag, last_modified=max(moments).replace(microsecond=0))


def _moment(value: datetime | str) -> datetime:
    # SQLite gives an aggregate of a timestamp back as text.
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def published(*, session: Session, public: PublicPlace) -> Published:
    """The strategy the pages show and the latest edition of each of its stages."""
    strategy = public_strategy(session=session, place=public.place)
    latest = editions.latest_editions(session=session, strategy=strategy) if strategy else {}
    return Published(strategy=strategy, editions=latest)


def published_title(*, session: Session, strategy: Strategy, latest: Mapping[str, Edition]) -> str:
    """The strategy's title as it was when its latest edition was published: a title changed since is a
    draft like any other change."""
    if not latest:
        return strategy.title
    newest = max(edition.transaction_id for edition in latest.values())
    V = version_class(Strategy)
    title = session.exec(
        select(V.title).where(
            V.id == strategy.id,
            V.transaction_id <= newest,
            sa.or_(V.end_transaction_id.is_(None), V.end_transaction_id > newest),
        )
    ).first()
    return str(title) if title is not None else strategy.title


@dataclass(frozen=True)
class PublicView:
    public: PublicPlace
    strategy: Strategy | None
    title: str  # the strategy's published title
    editions: Mapping[str, Edition]
    dashboard: dashboards.Dashboard | None
    areas: list[said_did.AreaSaidDid]
    theme_slugs: Mapping[str, str]  # theme name -> slug, for the Easy Read icons
    words: settings.OwnWords
    actions_map: WardMap | None = None  # the published plan's actions by area, where areas have outlines


def view(
    *,
    session: Session,
    public: PublicPlace,
    shown: Published,
    with_areas: bool = True,
    with_map: bool = False,
) -> PublicView:
    strategy = shown.strategy
    dashboard = None
    areas: list[said_did.AreaSaidDid] = []
    actions_map = None
    if strategy is not None:
        dashboard = dashboards.councillor_dashboard(session=session, strategy=strategy)
        if with_areas:
            areas = _areas(session, strategy, shown.editions)
        if with_map and shown.editions.get("plan") is not None:
            actions_map = place_maps.published_actions_map(session=session, strategy=strategy)
    slugs = {name: slug for name, slug in session.exec(select(Theme.name, Theme.slug)).all()} if areas else {}
    return PublicView(
        public=public,
        strategy=strategy,
        title=published_title(session=session, strategy=strategy, latest=shown.editions) if strategy else "",
        editions=shown.editions,
        dashboard=dashboard,
        areas=areas,
        theme_slugs=slugs,
        words=settings.own_words(session=session, place=public.place),
        actions_map=actions_map,
    )


def _areas(session: Session, strategy: Strategy, latest: Mapping[str, Edition]) -> list[said_did.AreaSaidDid]:
    """ "You said, we did" from the published editions, worked out once per set of editions in each worker
    (a published edition never changes; area names are read again with each new set)."""
    key = (id_of(strategy), *dashboards.edition_stamps(latest))
    return _SAID_DID.get_or_work_out(
        key, lambda: said_did.said_did(said_did.published(session=session, strategy=strategy, latest=latest))
    )


def kept_page(validator: Validator, page: str) -> bytes | None:
    """A page rendered before for the same validator: the same editions, settings, wording, language and
    day, so the same bytes."""
    return _PAGES.get((validator.etag, page))


def keep_page(validator: Validator, page: str, body: bytes) -> None:
    _PAGES.put((validator.etag, page), body)


def forget() -> None:
    """Drop what each worker keeps (a restored database can reuse ids with other contents)."""
    _SAID_DID.clear()
    _PAGES.clear()
