"""Giving voices their themes quickly: suggestions with one plain reason each, the "needs themes" queue, and
accepting many suggestions at once.

Rules enforced here:
- suggestions are worked out when they are shown, from the voice's current text and the place's confirmed
  voices, so they never vanish when another voice is added, follow every edit, and learn from a theme the
  moment it is confirmed;
- the queue is the strategy's voices with no theme, oldest first, read a page at a time from the theme index
  (set-based: a few queries whatever the number of voices);
- accepting many is all or none, and each voice gets a new version through the one versioning write path
  (``save_records``), so history and the 409 check treat it like any edit.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, insert
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import FieldError
from app.models import Place, Strategy, Theme, ThemeDecision, User, Voice, VoiceCount, VoiceTheme
from app.models.base import id_of
from app.schemas.listening import QueueFilters
from app.services.listening import voice_counts
from app.services.listening.suggestions import Example, Suggestion, explain, suggest_themes
from app.services.listening.themes import check_themes, place_themes, theme_infos
from app.services.outputs.kept import Kept
from app.services.records.versioning import VersionConflict, save_records

QUEUE_PAGE_SIZE = 25
LEARNING_EXAMPLES = 400
SHOWN_SUGGESTIONS = 3
# More than a person can check in one sitting; a form asking for more was not made by the queue page.
MAX_ACCEPTED_AT_ONCE = 1000


# Suggestions worked out before, by (text, fingerprint of the place's themes and confirmed voices, limit):
# a page of the queue seen again costs look-ups, not keyword and similarity scoring, and a theme confirmed
# or added anywhere in the place changes the fingerprint, so nothing stale is shown.
_WORKED_OUT: Kept[tuple[str, int, int], list[Suggestion]] = Kept(10_000)
# Each place's learning examples as last read, with what they were read for (see ``_Suggester``).
_EXAMPLES: Kept[int, tuple[object, list[int | None], tuple[Example, ...]]] = Kept(256)


@dataclass(frozen=True)
class SuggestedTheme:
    theme: Theme
    score: float
    reason: str


class _Suggester:
    """The place's themes and confirmed voices, read once, for suggesting themes to many voices."""

    def __init__(self, session: Session, place: Place) -> None:
        themes = place_themes(session=session, place=place)
        infos, self.by_slug = theme_infos(themes)
        self.infos = tuple(infos)
        slug_of = {theme.id: key for key, theme in self.by_slug.items()}
        newest = session.exec(
            select(Voice.id, Voice.version)
            # The place's newest voices with a theme, read from the theme index alone.
            .where(
                col(Voice.id).in_(
                    select(VoiceTheme.voice_id)
                    .where(VoiceTheme.place_id == place.id)
                    .distinct()
                    .order_by(col(VoiceTheme.voice_id).desc())
                    .limit(LEARNING_EXAMPLES)
                )
            )
            .order_by(col(Voice.id).desc())
            .limit(LEARNING_EXAMPLES)
        ).all()
        # Every change to a voice's text or themes gives it a new version: the same voices at the same
        # versions, under the same theme slugs, are the same examples as last time.
        key = (tuple(newest), tuple(sorted((int(t or 0), slug) for t, slug in slug_of.items())))
        kept = _EXAMPLES.get(id_of(place))
        if kept is not None and kept[0] == key:
            self.example_ids, self.examples = kept[1], kept[2]
        else:
            confirmed = session.exec(
                select(Voice.id, Voice.text, Voice.theme_ids)
                .where(col(Voice.id).in_([voice_id for voice_id, _version in newest]))
                .order_by(col(Voice.id).desc())
            ).all()
            self.example_ids = [voice_id for voice_id, _text, ids in confirmed if ids]
            self.examples = tuple(
                Example(text=text, theme_slugs=tuple(slug_of[t] for t in ids if t in slug_of))
                for _id, text, ids in confirmed
                if ids
            )
            _EXAMPLES.put(id_of(place), (key, self.example_ids, self.examples))
        self.fingerprint = hash((self.infos, self.examples))

    def examples_without(self, voice_id: int | None) -> tuple[Example, ...]:
        # A confirmed voice is never its own example; the shared tuple is kept for the others, so the
        # similarity index built from it is reused.
        if voice_id not in self.example_ids:
            return self.examples
        position = self.example_ids.index(voice_id)
        return self.examples[:position] + self.examples[position + 1 :]

    def _suggest(self, voice: Voice, limit: int) -> list[Suggestion]:
        examples = self.examples_without(voice.id)
        key = (
            voice.text,
            hash((self.infos, examples)) if examples is not self.examples else self.fingerprint,
            limit,
        )
        return _WORKED_OUT.get_or_work_out(
            key, lambda: suggest_themes(voice.text, themes=self.infos, examples=examples, limit=limit)
        )

    def suggest(self, voice: Voice, excluded: set[int]) -> list[SuggestedTheme]:
        found = self._suggest(voice, SHOWN_SUGGESTIONS + len(excluded))
        result = []
        for suggestion in found:
            theme = self.by_slug[suggestion.slug]
            if theme.id not in excluded:
                result.append(SuggestedTheme(theme, suggestion.score, explain(suggestion.because)))
        return result[:SHOWN_SUGGESTIONS]


def forget() -> None:
    """Drop the examples each worker keeps (a restored database can reuse ids and versions)."""
    _EXAMPLES.clear()


def suggestions_for_voices(
    *, session: Session, place: Place, voices: Sequence[Voice]
) -> dict[int, list[SuggestedTheme]]:
    """Up to three themes for each voice that it does not have and nobody rejected for it, best first, each
    with one plain reason. A few queries for any number of voices."""
    if not voices:
        return {}
    suggester = _Suggester(session, place)
    ids = [voice.id for voice in voices if voice.id is not None]
    rejected: dict[int, set[int]] = {}
    for voice_id, theme_id in session.exec(
        select(ThemeDecision.voice_id, ThemeDecision.theme_id).where(col(ThemeDecision.voice_id).in_(ids))
    ).all():
        rejected.setdefault(voice_id, set()).add(theme_id)
    return {
        voice.id: suggester.suggest(voice, set(voice.theme_ids or []) | rejected.get(voice.id, set()))
        for voice in voices
        if voice.id is not None
    }


def suggestions_for(*, session: Session, place: Place, voice: Voice) -> list[SuggestedTheme]:
    return suggestions_for_voices(session=session, place=place, voices=[voice]).get(voice.id or 0, [])


# --- The queue -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    voice: Voice
    suggestions: list[SuggestedTheme]

    @property
    def shown(self) -> tuple[object, ...]:
        """Everything the row shows of the voice and its suggestions, as a key for the row rendered
        before (``kept`` in templating)."""
        voice = self.voice
        return (
            voice.id,
            voice.version,
            voice.text,
            str(voice.kind),
            voice.area_id,
            tuple(voice.theme_ids or []),
            tuple((s.theme.id, s.theme.name, s.reason) for s in self.suggestions),
        )


@dataclass(frozen=True)
class Progress:
    themed: int
    total: int


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int  # voices needing themes that match the filters
    page: int
    pages: int
    progress: Progress


def _unthemed(strategy: Strategy, filters: QueueFilters) -> SelectOfScalar[Voice]:
    statement = select(Voice).where(
        Voice.strategy_id == strategy.id,
        ~exists().where(col(VoiceTheme.voice_id) == col(Voice.id)),
    )
    if filters.exercise_id is not None:
        statement = statement.where(Voice.exercise_id == filters.exercise_id)
    if filters.area_id is not None:
        statement = statement.where(Voice.area_id == filters.area_id)
    if filters.kind:
        statement = statement.where(Voice.kind == filters.kind)
    return statement


def progress(*, session: Session, strategy: Strategy) -> Progress:
    """How many of the strategy's voices have a theme, from the voice counts."""
    rows = session.exec(
        select(VoiceCount.facet, func.sum(VoiceCount.voices))
        .where(
            VoiceCount.strategy_id == strategy.id,
            col(VoiceCount.facet).in_([voice_counts.ALL, voice_counts.UNTAGGED]),
        )
        .group_by(col(VoiceCount.facet))
    ).all()
    counts = {facet: int(total or 0) for facet, total in rows}
    total = counts.get(voice_counts.ALL, 0)
    return Progress(themed=total - counts.get(voice_counts.UNTAGGED, 0), total=total)


def _queue_total(session: Session, strategy: Strategy, filters: QueueFilters) -> int:
    if filters.exercise_id is None and not filters.kind:
        statement = select(func.coalesce(func.sum(VoiceCount.voices), 0)).where(
            VoiceCount.strategy_id == strategy.id, VoiceCount.facet == voice_counts.UNTAGGED
        )
        if filters.area_id is not None:
            statement = statement.where(VoiceCount.area_id == filters.area_id)
        return int(session.exec(statement).one())
    counted = select(func.count()).select_from(_unthemed(strategy, filters).subquery())
    return int(session.exec(counted).one())


def list_queue(*, session: Session, strategy: Strategy, place: Place, filters: QueueFilters) -> QueuePage:
    """One page of the voices still needing themes, oldest first, each with its suggestions."""
    total = _queue_total(session, strategy, filters)
    pages = max(1, -(-total // QUEUE_PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    voices = list(
        session.exec(
            _unthemed(strategy, filters)
            .order_by(col(Voice.id))
            .offset((page - 1) * QUEUE_PAGE_SIZE)
            .limit(QUEUE_PAGE_SIZE)
        ).all()
    )
    found = suggestions_for_voices(session=session, place=place, voices=voices)
    return QueuePage(
        rows=[QueueRow(voice, found.get(voice.id or 0, [])) for voice in voices],
        total=total,
        page=page,
        pages=pages,
        progress=progress(session=session, strategy=strategy),
    )


# --- Accepting -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """One voice's suggestion as the page showed it: the voice, the theme and the voice's version."""

    voice_id: int
    theme_id: int
    version: int


def read_picks(values: Sequence[str]) -> list[Pick]:
    """Picks from checkbox values ``voice:theme:version``; anything else is refused."""
    picks = []
    for value in values:
        parts = value.split(":")
        if len(parts) != 3 or not all(part.isdigit() and len(part) < 12 for part in parts):
            raise FieldError("pick", "Select voices from the list")
        picks.append(Pick(int(parts[0]), int(parts[1]), int(parts[2])))
    if not picks:
        raise FieldError("pick", "Select at least one voice")
    if len(picks) > MAX_ACCEPTED_AT_ONCE:
        raise FieldError("pick", f"Select at most {MAX_ACCEPTED_AT_ONCE:,} voices at once")
    if len({pick.voice_id for pick in picks}) != len(picks):
        raise FieldError("pick", "Select each voice once")
    return picks


def _give_themes(session: Session, voices: Sequence[Voice]) -> None:
    """Keep the theme index in step with the voices' new theme lists: one delete and one insert."""
    ids = [voice.id for voice in voices]
    session.execute(delete(VoiceTheme).where(col(VoiceTheme.voice_id).in_(ids)))
    links = [
        {"voice_id": voice.id, "theme_id": theme_id, "place_id": voice.place_id, "area_id": voice.area_id}
        for voice in voices
        for theme_id in voice.theme_ids
    ]
    if links:
        session.execute(insert(VoiceTheme), links)


def _save(
    session: Session,
    changes: Sequence[tuple[Voice, Mapping[str, list[int]], int | None]],
    actor: User,
    note: str,
) -> None:
    """New theme lists through the one versioning write path, with the theme index and voice counts."""
    if not changes:
        return
    voices = [voice for voice, _values, _version in changes]
    before = [voice_counts.counted_values(voice) for voice in voices]
    save_records(session=session, changes=changes, actor=actor, note=note)
    voice_counts.change_voices(session.connection(), before, [voice_counts.counted_values(v) for v in voices])
    _give_themes(session, voices)


def accept_picks(
    *, session: Session, strategy: Strategy, place: Place, actor: User, picks: Sequence[Pick], note: str
) -> int:
    """Give each picked voice its picked theme, all or none.

    Refused with a field error when a voice is not in this strategy or a theme is not the place's, and with
    ``VersionConflict`` when any voice changed since the page showed it. Returns how many voices changed."""
    by_id = {
        voice.id: voice
        for voice in session.exec(
            select(Voice).where(
                Voice.strategy_id == strategy.id, col(Voice.id).in_([pick.voice_id for pick in picks])
            )
        ).all()
    }
    if len(by_id) != len(picks):
        raise FieldError("pick", "Some of the selected voices are not in this strategy")
    check_themes(session=session, place=place, theme_ids=sorted({pick.theme_id for pick in picks}))
    changes = []
    for pick in picks:
        voice = by_id[pick.voice_id]
        themes = sorted(set(voice.theme_ids or []) | {pick.theme_id})
        changes.append((voice, {"theme_ids": themes}, pick.version))
    _save(session, changes, actor, note)
    return len(changes)


def give_theme(
    *,
    session: Session,
    strategy: Strategy,
    actor: User,
    voice_ids: Sequence[int],
    theme: Theme,
    note: str,
) -> int:
    """Give ``theme`` to each of these voices of the strategy (a group named or merged), all or none.
    Voices that already have it are left as they are."""
    voices = session.exec(
        select(Voice).where(Voice.strategy_id == strategy.id, col(Voice.id).in_(list(voice_ids)))
    ).all()
    if len(voices) != len(set(voice_ids)):
        raise FieldError("voice", "Some of these voices are no longer in this strategy")
    changes = [
        (voice, {"theme_ids": sorted({*voice.theme_ids, theme.id or 0})}, None)
        for voice in voices
        if theme.id not in (voice.theme_ids or [])
    ]
    _save(session, changes, actor, note)
    return len(changes)


__all__ = [
    "Pick",
    "Progress",
    "QueuePage",
    "SuggestedTheme",
    "VersionConflict",
    "accept_picks",
    "give_theme",
    "list_queue",
    "progress",
    "read_picks",
    "suggestions_for",
    "suggestions_for_voices",
]
