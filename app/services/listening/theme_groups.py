"""Finding new themes: voices that no theme fits well, grouped by the words they share.

The rule, all in this process: take the strategy's voices without themes whose best suggestion is weak, weigh
their word stems by TF-IDF (a word most of them use says little), join voices whose cosine similarity is at
least ``SIMILAR``, and grow groups greedily from the voice with the most such neighbours. Each group of at
least ``MIN_GROUP`` voices is offered with its typical words (the stems with the most weight across the
group, shown as the word people used most) and example voices. A group an officer dismissed is known again
by its typical words and not offered again.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import exists
from sqlmodel import Session, col, select

from app.errors import FieldError
from app.models import Place, Strategy, Theme, ThemeGroupDismissal, User, Voice, VoiceTheme
from app.services.listening import theming
from app.services.listening.stems import content_stems, words_of
from app.services.listening.themes import add_place_theme, place_themes

POOL = 1000  # the oldest voices still without themes; enough for an officer's sitting, bounded in cost
FITS_WELL = 0.6  # one keyword alone (0.5) is not a good fit; two are (0.67)
SIMILAR = 0.3
MIN_GROUP = 3
MAX_GROUPS = 10
TYPICAL_WORDS = 4
SIGNATURE_WORDS = 3
EXAMPLES = 3
# A word in more than this share of the pool joins everything to everything.
COMMON_SHARE = 0.25
COMMON_FLOOR = 20


@dataclass(frozen=True)
class ThemeGroup:
    signature: str
    words: list[str]
    examples: list[Voice]
    voice_ids: list[int]


def _vectors(texts: list[str]) -> tuple[list[dict[str, float]], list[Counter[tuple[str, str]]]]:
    """Unit TF-IDF vectors over content stems, and the words behind each stem as written."""
    stems_of: list[list[str]] = []
    surfaces: list[Counter[tuple[str, str]]] = []
    for text in texts:
        tokens = words_of(text)
        # Numbers (a bus route, a year) say little about what a group is about.
        content = {stem for stem in content_stems(tokens) if not stem.isdigit()}
        stems_of.append([token.stem for token in tokens if token.stem in content])
        surfaces.append(
            Counter(
                (token.stem, text[token.start : token.end].lower())
                for token in tokens
                if token.stem in content
            )
        )
    frequency: Counter[str] = Counter()
    for stems in stems_of:
        frequency.update(set(stems))
    count = len(texts)
    useful = {stem for stem, df in frequency.items() if 2 <= df <= max(COMMON_FLOOR, COMMON_SHARE * count)}
    vectors = []
    for stems in stems_of:
        counts = Counter(stem for stem in stems if stem in useful)
        weights = {
            stem: (1 + math.log(n)) * math.log((1 + count) / frequency[stem]) for stem, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({stem: w / norm for stem, w in weights.items()} if norm else {})
    return vectors, surfaces


def _neighbours(vectors: list[dict[str, float]]) -> list[set[int]]:
    """For each text, the others at least ``SIMILAR`` to it (the cosine of their vectors), found through the
    texts that share a word with it rather than by comparing every pair."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for position, vector in enumerate(vectors):
        for stem in vector:
            postings[stem].append(position)
    neighbours: list[set[int]] = []
    for position, vector in enumerate(vectors):
        scores: defaultdict[int, float] = defaultdict(float)
        for stem, weight in vector.items():
            for other in postings[stem]:
                scores[other] += weight * vectors[other][stem]
        scores.pop(position, None)
        neighbours.append({other for other, score in scores.items() if score >= SIMILAR})
    return neighbours


def _groups(vectors: list[dict[str, float]]) -> list[list[int]]:
    """Groups of at least ``MIN_GROUP`` similar texts, no text in two: the text with the most neighbours
    first, with those of its neighbours not taken already."""
    neighbours = _neighbours(vectors)
    taken: set[int] = set()
    groups = []
    for position in sorted(range(len(vectors)), key=lambda p: (-len(neighbours[p]), p)):
        if position in taken:
            continue
        members = [position, *sorted(neighbours[position] - taken)]
        if len(members) >= MIN_GROUP:
            groups.append(members)
            taken.update(members)
    return groups


def find_groups(*, session: Session, strategy: Strategy, place: Place) -> list[ThemeGroup]:
    """Possible new themes, largest group first, leaving out those dismissed before."""
    voices = list(
        session.exec(
            select(Voice)
            .where(
                Voice.strategy_id == strategy.id, ~exists().where(col(VoiceTheme.voice_id) == col(Voice.id))
            )
            .order_by(col(Voice.id))
            .limit(POOL)
        ).all()
    )
    suggested = theming.suggestions_for_voices(session=session, place=place, voices=voices)
    unfitted = [v for v in voices if not any(s.score >= FITS_WELL for s in suggested.get(v.id or 0, []))]
    vectors, surfaces = _vectors([voice.text for voice in unfitted])
    dismissed = set(
        session.exec(
            select(ThemeGroupDismissal.signature).where(ThemeGroupDismissal.strategy_id == strategy.id)
        ).all()
    )
    found = []
    for members in _groups(vectors):
        weight: defaultdict[str, float] = defaultdict(float)
        written: Counter[tuple[str, str]] = Counter()
        for position in members:
            for stem, value in vectors[position].items():
                weight[stem] += value
            written.update(surfaces[position])
        ranked = sorted(weight, key=lambda stem: (-weight[stem], stem))
        signature = " ".join(sorted(ranked[:SIGNATURE_WORDS]))
        if signature in dismissed:
            continue
        words = [
            max((n, word) for (stem_of, word), n in written.items() if stem_of == stem)[1]
            for stem in ranked[:TYPICAL_WORDS]
        ]
        group_voices = [unfitted[position] for position in members]
        found.append(
            ThemeGroup(
                signature=signature,
                words=words,
                examples=group_voices[:EXAMPLES],
                voice_ids=[voice.id or 0 for voice in group_voices],
            )
        )
    return found[:MAX_GROUPS]


def name_group(
    *,
    session: Session,
    strategy: Strategy,
    place: Place,
    actor: User,
    name: str,
    words: list[str],
    voice_ids: list[int],
) -> tuple[Theme, int]:
    """Create the place's theme ``name`` (its keywords the group's typical words) and give it to the group."""
    if not name.strip():
        raise FieldError("name", "Enter a name for the new theme")
    if len(name.strip()) > 120:
        raise FieldError("name", "The theme's name must be 120 characters or fewer")
    theme = add_place_theme(
        session=session, place=place, name=name, keywords=", ".join(words[:TYPICAL_WORDS])
    )
    given = theming.give_theme(
        session=session,
        strategy=strategy,
        actor=actor,
        voice_ids=voice_ids,
        theme=theme,
        note=f"Given the new theme {theme.name}",
    )
    return theme, given


def merge_group(
    *,
    session: Session,
    strategy: Strategy,
    place: Place,
    actor: User,
    theme_id: int | None,
    voice_ids: list[int],
) -> tuple[Theme, int]:
    """Give the group an existing theme of the place (or the shared taxonomy)."""
    theme = next((t for t in place_themes(session=session, place=place) if t.id == theme_id), None)
    if theme is None:
        raise FieldError("theme", "Select the theme to add these voices to")
    given = theming.give_theme(
        session=session,
        strategy=strategy,
        actor=actor,
        voice_ids=voice_ids,
        theme=theme,
        note=f"Given the theme {theme.name}",
    )
    return theme, given


def dismiss_group(*, session: Session, strategy: Strategy, signature: str) -> None:
    """Remember that this group is not a theme, so it is not offered again."""
    signature = signature.strip()[:200]
    if not signature:
        raise FieldError("signature", "Choose a group to dismiss")
    if session.get(ThemeGroupDismissal, (strategy.id, signature)) is None:
        session.add(
            ThemeGroupDismissal(strategy_id=strategy.id or 0, signature=signature, place_id=strategy.place_id)
        )
        session.flush()
