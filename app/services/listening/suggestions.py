"""Theme suggestions for a voice that say why they were made, and learn from the themes a place has confirmed.

Two signals, both readable by an officer: the theme's own keywords and phrases found in the text, and the
confirmed voices most like it (TF-IDF cosine similarity over word stems), which vote for their themes.
Everything runs in this process (the standard library and Snowball's English stemmer); nothing leaves the
server.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

from app.services.listening.stems import Token, content_stems, words_of
from app.services.listening.text_lines import answer_text_lines
from app.services.listening.theme_keywords import DEFAULT_THEMES, PLACE_STANDARD_SLUGS, ThemeInfo
from app.text import listed

__all__ = [
    "DEFAULT_THEMES",
    "PLACE_STANDARD_SLUGS",
    "Example",
    "Suggestion",
    "ThemeInfo",
    "explain",
    "suggest_themes",
]

MIN_SCORE = 0.2
# A phrase is stronger evidence than any one of its words: "feel safe" says more than "feel" or "safe".
PHRASE_WEIGHT = 2.0
WORD_WEIGHT = 1.0
NEIGHBOURS = 5
# Below this, two short comments share little more than a common word.
MIN_SIMILARITY = 0.2
# One shared word ("bus") makes a short voice look like every voice with that word, and the keywords already
# cover single words.
MIN_SHARED = 2
QUOTE_LENGTH = 60
EXAMPLE_REASONS = 2


@dataclass(frozen=True)
class Example:
    text: str
    theme_slugs: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    slug: str
    name: str
    score: float
    because: list[str]


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class _CompiledTheme:
    info: ThemeInfo
    terms: tuple[_Term, ...]


def _keyword_stems(keyword: str) -> tuple[str, ...]:
    tokens = words_of(keyword)
    if len(tokens) == 1 and tokens[0].stop:
        return ()
    return tuple(token.stem for token in tokens)


@lru_cache(maxsize=16)
def _compile_themes(themes: tuple[ThemeInfo, ...]) -> tuple[_CompiledTheme, ...]:
    keywords = {
        theme.slug: {_keyword_stems(keyword) for keyword in theme.keywords} - {()} for theme in themes
    }
    sharing: Counter[tuple[str, ...]] = Counter()
    for terms in keywords.values():
        sharing.update(terms)
    compiled = []
    for theme in themes:
        # A term several themes share tells them apart less well.
        weighted = [
            _Term(stems, (PHRASE_WEIGHT if len(stems) > 1 else WORD_WEIGHT) / math.sqrt(sharing[stems]))
            for stems in sorted(keywords[theme.slug])
        ]
        compiled.append(_CompiledTheme(theme, tuple(weighted)))
    return tuple(compiled)


def _phrase_starts(stems: Sequence[str], phrase: tuple[str, ...]) -> list[int]:
    size = len(phrase)
    return [index for index in range(len(stems) - size + 1) if tuple(stems[index : index + size]) == phrase]


def _phrase_matches(
    tokens: list[Token], themes: tuple[_CompiledTheme, ...]
) -> tuple[list[tuple[str, _Term, int]], set[int]]:
    """Every theme's phrases found in the text, as (theme, phrase, first token), and the tokens they cover."""
    stems = [token.stem for token in tokens]
    matches: list[tuple[str, _Term, int]] = []
    covered: set[int] = set()
    for theme in themes:
        for term in (term for term in theme.terms if len(term.stems) > 1):
            for start in _phrase_starts(stems, term.stems):
                matches.append((theme.info.slug, term, start))
                covered.update(range(start, start + len(term.stems)))
    return matches, covered


def _keyword_evidence(
    text: str, tokens: list[Token], themes: tuple[_CompiledTheme, ...]
) -> dict[str, tuple[float, list[str]]]:
    """Score each theme by its keywords found in the text, phrases first.

    A phrase matches its words in order, side by side. A word inside a matched phrase counts only as part of
    that phrase, for every theme: "anti-social behaviour" is not evidence of social contact, nor "food bank"
    of banks. Each keyword counts once however often it appears.
    """
    phrase_matches, covered = _phrase_matches(tokens, themes)
    totals: defaultdict[str, float] = defaultdict(float)
    reasons: defaultdict[str, list[str]] = defaultdict(list)
    counted: set[tuple[str, tuple[str, ...]]] = set()

    def add(slug: str, term: _Term, reason: str) -> None:
        if (slug, term.stems) not in counted:
            counted.add((slug, term.stems))
            totals[slug] += term.weight
            reasons[slug].append(reason)

    for slug, term, start in phrase_matches:
        end = tokens[start + len(term.stems) - 1].end
        add(slug, term, f'the phrase "{text[tokens[start].start : end]}"')
    for theme in themes:
        words = {term.stems[0]: term for term in theme.terms if len(term.stems) == 1}
        for index, token in enumerate(tokens):
            if token.stem in words and not token.stop and index not in covered:
                add(theme.info.slug, words[token.stem], f'the word "{text[token.start : token.end]}"')
    # total / (total + 1) keeps the score under 1 and lets each further keyword add a little less.
    return {slug: (total / (total + 1.0), reasons[slug]) for slug, total in totals.items()}


def _unit_vector(stems: Iterable[str], idf: dict[str, float], unseen_idf: float) -> dict[str, float]:
    counts = Counter(stems)
    weights = {stem: (1.0 + math.log(count)) * idf.get(stem, unseen_idf) for stem, count in counts.items()}
    norm = math.sqrt(sum(weight * weight for weight in weights.values()))
    return {stem: weight / norm for stem, weight in weights.items()} if norm else {}


@dataclass(frozen=True)
class _ExampleIndex:
    examples: tuple[Example, ...]
    vectors: tuple[dict[str, float], ...]
    postings: dict[str, tuple[int, ...]]
    idf: dict[str, float]
    unseen_idf: float

    def nearest(self, stems: Iterable[str]) -> list[tuple[float, Example]]:
        """The confirmed voices most like these stems, by cosine similarity of TF-IDF vectors."""
        scores: defaultdict[int, float] = defaultdict(float)
        shared: Counter[int] = Counter()
        for stem, weight in _unit_vector(stems, self.idf, self.unseen_idf).items():
            for position in self.postings.get(stem, ()):
                scores[position] += weight * self.vectors[position][stem]
                shared[position] += 1
        close = [
            (score, position)
            for position, score in scores.items()
            if score >= MIN_SIMILARITY and shared[position] >= MIN_SHARED
        ]
        close.sort(key=lambda item: (-item[0], item[1]))
        return [(score, self.examples[position]) for score, position in close[:NEIGHBOURS]]


@lru_cache(maxsize=16)
def _index(examples: tuple[Example, ...]) -> _ExampleIndex:
    stems = [content_stems(words_of(example.text)) for example in examples]
    document_frequency: Counter[str] = Counter()
    for example_stems in stems:
        document_frequency.update(set(example_stems))
    count = len(examples)
    idf = {stem: math.log((1 + count) / (1 + df)) + 1.0 for stem, df in document_frequency.items()}
    # A word no confirmed voice uses is as rare as a word can be.
    unseen_idf = math.log(1 + count) + 1.0
    vectors = tuple(_unit_vector(example_stems, idf, unseen_idf) for example_stems in stems)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for position, vector in enumerate(vectors):
        for stem in vector:
            postings[stem].append(position)
    return _ExampleIndex(
        examples, vectors, {stem: tuple(positions) for stem, positions in postings.items()}, idf, unseen_idf
    )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_LENGTH:
        return text
    cut = text[: QUOTE_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def _example_evidence(
    tokens: list[Token], examples: tuple[Example, ...]
) -> dict[str, tuple[float, list[str]]]:
    """Let the most similar confirmed voices vote for their themes.

    Each neighbour carrying a theme adds its similarity s as independent evidence, 1 - Π(1 - s), so two close
    confirmed voices outweigh one and no number of them can push the score past 1.
    """
    if not examples:
        return {}
    doubt: dict[str, float] = {}
    reasons: defaultdict[str, list[str]] = defaultdict(list)
    for similarity, example in _index(examples).nearest(content_stems(tokens)):
        for slug in dict.fromkeys(example.theme_slugs):
            doubt[slug] = doubt.get(slug, 1.0) * (1.0 - min(similarity, 1.0))
            if len(reasons[slug]) < EXAMPLE_REASONS:
                reasons[slug].append(f'similar to a confirmed voice: "{_quote(example.text)}"')
    return {slug: (1.0 - remaining, reasons[slug]) for slug, remaining in doubt.items()}


def suggest_themes(
    text: str, *, themes: Sequence[ThemeInfo], examples: Sequence[Example] = (), limit: int = 3
) -> list[Suggestion]:
    """Suggest up to ``limit`` themes for ``text``, best first, each with the reasons that led to it.

    The rule: a theme's keyword score grows with its keywords found in the text (a phrase counts double a
    word; a term several themes share counts less); its example score grows with the similarity of the
    confirmed voices in ``examples`` that carry it. The two combine as independent evidence,
    1 - (1 - k)(1 - e), so the score lies in 0..1. Themes scoring under ``MIN_SCORE`` are not suggested,
    and every suggestion's ``because`` names the words, phrases and confirmed voices that led to it.
    """
    tokens = words_of(text)
    if not tokens or limit <= 0:
        return []
    compiled = _compile_themes(tuple(themes))
    keyword = _keyword_evidence(text, tokens, compiled)
    learned = _example_evidence(tokens, tuple(examples))
    suggestions = []
    for theme in compiled:
        keyword_score, keyword_reasons = keyword.get(theme.info.slug, (0.0, []))
        learned_score, learned_reasons = learned.get(theme.info.slug, (0.0, []))
        score = 1.0 - (1.0 - keyword_score) * (1.0 - learned_score)
        if score >= MIN_SCORE:
            because = [*keyword_reasons, *learned_reasons]
            suggestions.append(Suggestion(theme.info.slug, theme.info.name, score, because))
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.slug))
    return suggestions[:limit]


# The prefixes of the reasons written by ``_keyword_evidence`` and ``_example_evidence``.
_WORD_REASON = "the word "
_PHRASE_REASON = "the phrase "
_EXAMPLE_REASON = "similar to a confirmed voice: "


def explain(because: Sequence[str]) -> str:
    """A suggestion's reasons as one plain sentence, each kind of reason said once:
    'Mentions "bus" and "bus stop". Like a voice already given this theme: "…".'"""
    terms = [
        reason.split(" ", 2)[2] for reason in because if reason.startswith((_WORD_REASON, _PHRASE_REASON))
    ]
    quotes = [
        reason.removeprefix(_EXAMPLE_REASON) for reason in because if reason.startswith(_EXAMPLE_REASON)
    ]
    sentences = []
    if terms:
        sentences.append(f"Mentions {listed(terms)}.")
    if len(quotes) == 1:
        sentences.append(f"Like a voice already given this theme: {quotes[0]}.")
    elif quotes:
        sentences.append(f"Like {len(quotes)} voices already given this theme, such as {quotes[0]}.")
    return " ".join(sentences)


def run_cli(
    stdin: TextIO,
    stdout: TextIO,
    *,
    themes: Sequence[ThemeInfo] = DEFAULT_THEMES,
    examples: Sequence[Example] = (),
) -> int:
    """Suggest themes for JSON lines ``{"text": ...}``, one JSON line ``{"themes": [...]}`` out per line in.

    Lines that cannot be read are answered as ``answer_text_lines`` says.
    """

    def answer(text: str) -> dict[str, object]:
        found = suggest_themes(text, themes=themes, examples=examples)
        return {
            "themes": [
                {"slug": one.slug, "score": round(one.score, 3), "because": one.because} for one in found
            ]
        }

    return answer_text_lines(stdin, stdout, answer)
