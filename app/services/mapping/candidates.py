"""Candidate strengths and struggles offered from what the listening stage found.

Rules: a Place Standard theme averaging 6 or more in an area is a candidate strength, 2 or less a
candidate struggle; a theme that ``CANDIDATE_MIN_VOICES`` or more people raised as a struggle or concern in
one area is a candidate struggle; a candidate already recorded, or dismissed, is not offered again.
"""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from sqlmodel import Session, col, func, select

from app.models import (
    Area,
    CandidateDismissal,
    ScoreSet,
    Strategy,
    Strength,
    Struggle,
    Theme,
    Transaction,
    Voice,
    VoiceTheme,
)
from app.models.base import id_of
from app.services.listening import voice_counts
from app.services.listening.themes import place_themes
from app.services.mapping.service import place_of
from app.services.outputs.kept import Kept

CANDIDATE_MIN_VOICES = 10  # struggle or concern voices on one theme in one area before it is a candidate
CANDIDATES_SHOWN = 25  # on the overview at once: a large strategy can have hundreds
EVIDENCE_VOICES = 20  # the newest voices behind a candidate, given as its evidence when it is accepted


@dataclass(frozen=True)
class Candidate:
    key: str
    record_kind: str  # strength or struggle
    title: str
    reason: str
    area_id: int
    theme_id: int
    voice_ids: list[int]
    exercise_ids: list[int]


def _recorded(session: Session, model: type[Strength | Struggle], strategy: Strategy) -> set[tuple[int, int]]:
    """Every (area, theme) the strategy's strengths or struggles are recorded in: only their areas and
    themes are read, not whole records with their evidence."""
    return {
        (a, t)
        for area_ids, theme_ids in session.exec(
            select(model.area_ids, model.theme_ids).where(model.strategy_id == strategy.id)
        ).all()
        for a in area_ids or []
        for t in theme_ids or []
    }


@dataclass(frozen=True)
class _Known:
    """What both kinds of candidate are checked against: the place's themes and areas, and the
    candidates the strategy has recorded or dismissed already."""

    themes: dict[str, Theme]  # by slug, as scores name them
    themes_by_id: dict[int, Theme]  # as voice counts name them
    areas: dict[int, Area]
    dismissed: set[str]
    strengths: set[tuple[int, int]]  # (area, theme) a strength is recorded in
    struggles: set[tuple[int, int]]

    def recorded(self, kind: str, area_id: int, theme_id: int) -> bool:
        return (area_id, theme_id) in (self.strengths if kind == "strength" else self.struggles)


def _known(session: Session, strategy: Strategy) -> _Known:
    dismissed = select(CandidateDismissal.key).where(CandidateDismissal.strategy_id == strategy.id)
    areas = session.exec(select(Area).where(Area.place_id == strategy.place_id)).all()
    themes = place_themes(session=session, place=place_of(session, strategy))
    return _Known(
        themes={t.slug: t for t in themes},
        themes_by_id={id_of(t): t for t in themes},
        areas={id_of(a): a for a in areas},
        dismissed=set(session.exec(dismissed).all()),
        strengths=_recorded(session, Strength, strategy),
        struggles=_recorded(session, Struggle, strategy),
    )


def _average_scores(session: Session, strategy: Strategy) -> dict[tuple[int, str], tuple[float, list[int]]]:
    """(area, theme slug) -> the theme's average score there, weighted by respondents, and the exercises
    that scored it; only where someone responded."""
    totals: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    exercises: dict[tuple[int, str], set[int]] = defaultdict(set)
    for score_set in session.exec(
        select(ScoreSet).where(ScoreSet.strategy_id == strategy.id, col(ScoreSet.area_id).is_not(None))
    ).all():
        for slug, value in (score_set.scores or {}).items():
            key = (score_set.area_id or 0, slug)
            totals[key][0] += value * score_set.respondents
            totals[key][1] += score_set.respondents
            exercises[key].add(score_set.exercise_id)
    return {
        key: (total / weight, sorted(exercises[key]))
        for key, (total, weight) in sorted(totals.items())
        if weight
    }


def _from_scores(session: Session, strategy: Strategy, known: _Known) -> list[Candidate]:
    """Place Standard themes averaging 6 or more in an area (a strength) or 2 or less (a struggle)."""
    found = []
    for (area_id, slug), (average, exercise_ids) in _average_scores(session, strategy).items():
        theme, area = known.themes.get(slug), known.areas.get(area_id)
        kind = "strength" if average >= 6 else "struggle" if average <= 2 else None
        if theme is None or area is None or kind is None:
            continue
        key = f"score-{kind}-{area_id}-{theme.id}"
        if key in known.dismissed or known.recorded(kind, area_id, id_of(theme)):
            continue
        found.append(
            Candidate(
                key=key,
                record_kind=kind,
                title=f"{theme.name} in {area.name}",
                reason=f"Place Standard score {average:.1f} out of 7 in {area.name}",
                area_id=area_id,
                theme_id=id_of(theme),
                voice_ids=[],
                exercise_ids=exercise_ids,
            )
        )
    return found


def _from_voices(session: Session, strategy: Strategy, known: _Known) -> list[Candidate]:
    """Themes that ``CANDIDATE_MIN_VOICES`` or more people raised as a struggle or concern in one area, the
    most raised first.

    Read from the voice counts, kept in step by every write: a large strategy has tens of thousands of
    struggle and concern voices, and the overview needs only how many there are in each area and theme
    (``get_candidate`` reads the evidence of the one candidate being accepted)."""
    counts = voice_counts.strategy_counts(
        session=session, strategy_id=id_of(strategy), facets=(voice_counts.STRUGGLE_THEME,)
    ).facet(voice_counts.STRUGGLE_THEME)
    groups = sorted(
        ((area_id, int(theme_id), voices) for (area_id, theme_id), voices in counts.items()),
        key=lambda row: (-row[2], row[0], row[1]),
    )
    found = []
    for area_id, theme_id, voices in groups:
        theme, area = known.themes_by_id.get(theme_id), known.areas.get(area_id)
        key = f"voices-struggle-{area_id}-{theme_id}"
        if voices < CANDIDATE_MIN_VOICES or theme is None or area is None or key in known.dismissed:
            continue
        if known.recorded("struggle", area_id, theme_id):
            continue
        found.append(
            Candidate(
                key=key,
                record_kind="struggle",
                title=f"{theme.name} in {area.name}",
                reason=f"{voices} people raised it as a struggle or concern",
                area_id=area_id,
                theme_id=theme_id,
                voice_ids=[],
                exercise_ids=[],
            )
        )
    return found


def candidates(*, session: Session, strategy: Strategy) -> list[Candidate]:
    """Offered from listening and not yet dismissed or already recorded:
    - a Place Standard theme averaging 6 or more in an area is a candidate strength, 2 or less a struggle;
    - a theme with ``CANDIDATE_MIN_VOICES`` or more struggle or concern voices in an area is a candidate
      struggle.
    """
    known = _known(session, strategy)
    return _from_scores(session, strategy, known) + _from_voices(session, strategy, known)


def get_candidate(*, session: Session, strategy: Strategy, key: str) -> Candidate | None:
    """The candidate with this key, if it is still offered, with its evidence: for a candidate from
    voices, the newest ``EVIDENCE_VOICES`` of them."""
    found = next((c for c in candidates(session=session, strategy=strategy) if c.key == key), None)
    if found is None or not found.key.startswith("voices-"):
        return found
    newest = session.exec(
        select(Voice.id)
        .join(VoiceTheme, col(VoiceTheme.voice_id) == col(Voice.id))
        .where(
            Voice.strategy_id == strategy.id,
            col(Voice.kind).in_(voice_counts.STRUGGLE_KINDS),
            VoiceTheme.area_id == found.area_id,
            VoiceTheme.theme_id == found.theme_id,
        )
        .order_by(col(Voice.id).desc())
        .limit(EVIDENCE_VOICES)
    ).all()
    return replace(found, voice_ids=sorted(voice_id for voice_id in newest if voice_id is not None))


@dataclass(frozen=True)
class CandidateList:
    shown: list[Candidate]  # the first ``CANDIDATES_SHOWN``, the strongest evidence first
    total: int


LISTS_KEPT = 64  # strategies whose candidate lists each worker keeps
_LISTS: Kept[tuple[Hashable, ...], CandidateList] = Kept(LISTS_KEPT)


def _list_key(session: Session, strategy: Strategy) -> tuple[Hashable, ...]:
    """Everything a strategy's candidates are worked out from: every change to voices, scores, areas,
    strengths and struggles is a new version transaction (the latest, with its time, which tells apart
    databases that reuse numbers); dismissals and themes are not versioned, so they are counted."""
    latest = session.exec(
        select(Transaction.id, Transaction.issued_at).order_by(col(Transaction.id).desc()).limit(1)
    ).first()
    dismissed = session.exec(
        select(func.count())
        .select_from(CandidateDismissal)
        .where(CandidateDismissal.strategy_id == strategy.id)
    ).one()
    themes = session.exec(select(func.count(), func.max(Theme.id))).one()
    return (id(session.get_bind()), id_of(strategy), tuple(latest or ()), dismissed, tuple(themes))


def candidate_list(*, session: Session, strategy: Strategy) -> CandidateList:
    """The candidates the overview shows: the first ``CANDIDATES_SHOWN`` and how many there are in all.
    Those further down appear as the ones above are accepted or dismissed. Each worker keeps the list
    until anything it is worked out from changes (``_list_key``)."""

    def work_out() -> CandidateList:
        every = candidates(session=session, strategy=strategy)
        return CandidateList(shown=every[:CANDIDATES_SHOWN], total=len(every))

    return _LISTS.get_or_work_out(_list_key(session, strategy), work_out)


def forget() -> None:
    _LISTS.clear()


def dismiss_candidate(*, session: Session, strategy: Strategy, key: str) -> None:
    if session.get(CandidateDismissal, (strategy.id, key)) is None:
        session.add(
            CandidateDismissal(strategy_id=id_of(strategy), key=key[:120], place_id=strategy.place_id)
        )
        session.flush()
