"""Theme suggestions for a voice that say why they were made, and learn from the themes a place has confirmed.

Two signals, both readable by an officer: the theme's own keywords and phrases found in the text, and the
confirmed voices most like it (TF-IDF cosine similarity over word stems), which vote for their themes.
Everything runs in this process (the standard library and Snowball's English stemmer); nothing leaves the
server.
"""

import json
import math
import re
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO, TypedDict

import snowballstemmer

from app.services.listening.redaction import MARKER
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

EXAMPLES_PATH = Path(__file__).with_name("suggestion_examples.jsonl")

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


_STOP_WORD_TEXT = """
    a about after again all also am an and any are as at be been before being but by can cant could
    couldnt did didnt does doesnt dont each even for from had has hasnt have havent he her here hers him
    his how i id if ill im in into is isnt it its ive just like may me might more most much must my no
    not of off on or our ours she should so some such than that thats the their theirs them then there
    theres these they theyre theyve this those to too up us very was wasnt we were weve what when which
    while who whom why will with wont would wouldnt you your youre yours really s t
"""
_STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())

# Common words that say nothing about a theme. They are left out when comparing a voice with confirmed voices,
# where sharing "never" or "people" would otherwise make two unrelated comments look alike.
_GENERIC_WORD_TEXT = """
    always never every still one two three four five get got go going gone come comes came make made now
    only people lot lots time day week month year back way well thing know think want need see say said
    new old good bad big little place area round around over out down other where since because nothing
    anything something everything anyone everyone someone nobody
"""

# Where the English (Porter2) stemmer joins words that mean different things here, or keeps apart two forms
# of one word: a parked car is not a park, someone outside is not an outsider, a busy road is not a business,
# an incomer is not an income, a police officer is not an office, and "buses" should meet "bus".
_STEM_EXCEPTIONS = {
    "parking": "parking",
    "parked": "parking",
    "outsider": "outsider",
    "outsiders": "outsider",
    "busy": "busy",
    "incomer": "incomer",
    "incomers": "incomer",
    "officer": "officer",
    "officers": "officer",
    "buses": "bus",
}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# A Snowball stemmer keeps the word it is working on in itself, and routes run in a thread pool: one each.
_STEMMERS = threading.local()


# Snowball in pure Python costs several microseconds a word, and comments reuse a few thousand words.
@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """English stemming (Snowball's Porter2), so that "houses" meets "house" and "housing" meets both."""
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    stem: str = stemmer.stemWord(word)
    return stem


_GENERIC_STEMS = frozenset(_stem(word) for word in _GENERIC_WORD_TEXT.split())


@dataclass(frozen=True)
class _Token:
    stem: str
    start: int
    end: int
    # Stop words take part in phrases ("have a say") but are never evidence on their own.
    stop: bool


# A marker the redactor put in place of a personal detail ("[name removed]") is one stop token that matches
# no keyword, so it never suggests a theme and no phrase runs across it: "called [name removed]" is not
# "called names".
_PLACEHOLDER_STEM = "\x00removed"


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    markers = [(match.start(), match.end()) for match in MARKER.finditer(text)] if "[" in text else []
    marker = 0
    for match in _WORD.finditer(text):
        while marker < len(markers) and markers[marker][1] <= match.start():
            marker += 1
        if marker < len(markers) and markers[marker][0] <= match.start():
            start, end = markers[marker]
            if not tokens or tokens[-1].start != start:
                tokens.append(_Token(_PLACEHOLDER_STEM, start, end, True))
            continue
        word = match.group().lower().replace("’", "").replace("'", "")
        tokens.append(_Token(_stem(word), match.start(), match.end(), word in _STOP_WORDS))
    return tokens


def _content_stems(tokens: Iterable[_Token]) -> list[str]:
    return [token.stem for token in tokens if not token.stop and token.stem not in _GENERIC_STEMS]


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class _CompiledTheme:
    info: ThemeInfo
    terms: tuple[_Term, ...]


def _keyword_stems(keyword: str) -> tuple[str, ...]:
    tokens = _tokens(keyword)
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
    tokens: list[_Token], themes: tuple[_CompiledTheme, ...]
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
    text: str, tokens: list[_Token], themes: tuple[_CompiledTheme, ...]
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
    stems = [_content_stems(_tokens(example.text)) for example in examples]
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
    tokens: list[_Token], examples: tuple[Example, ...]
) -> dict[str, tuple[float, list[str]]]:
    """Let the most similar confirmed voices vote for their themes.

    Each neighbour carrying a theme adds its similarity s as independent evidence, 1 - Π(1 - s), so two close
    confirmed voices outweigh one and no number of them can push the score past 1.
    """
    if not examples:
        return {}
    doubt: dict[str, float] = {}
    reasons: defaultdict[str, list[str]] = defaultdict(list)
    for similarity, example in _index(examples).nearest(_content_stems(tokens)):
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
    tokens = _tokens(text)
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


def load_examples(path: Path | str) -> list[Example]:
    """Read labelled voices, one JSON line ``{"text": ..., "themes": [slug, ...]}`` each; skip blank lines."""
    examples = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        if not (
            isinstance(item, dict)
            and isinstance(item.get("text"), str)
            and isinstance(item.get("themes"), list)
            and all(isinstance(slug, str) for slug in item["themes"])
        ):
            raise ValueError(f"Line {number} of {path} needs a text and a list of theme slugs.")
        examples.append(Example(item["text"], tuple(item["themes"])))
    return examples


class Evaluation(TypedDict):
    items: int
    folds: int
    keyword_top3_accuracy: float
    learning_top3_accuracy: float
    theme_counts: dict[str, int]


def _top3_hit(example: Example, themes: Sequence[ThemeInfo], examples: Sequence[Example]) -> bool:
    found = suggest_themes(example.text, themes=themes, examples=examples, limit=3)
    return any(suggestion.slug in example.theme_slugs for suggestion in found)


def evaluate(
    examples_path: Path | str = EXAMPLES_PATH, *, themes: Sequence[ThemeInfo] = DEFAULT_THEMES, folds: int = 5
) -> Evaluation:
    """Top-3 accuracy on a labelled set: the share of voices whose top three suggestions hold a right theme.

    Measured twice: with keywords only, and learning from confirmed voices by ``folds``-fold cross-validation
    (voice i is in fold i mod ``folds``, and each fold is suggested for with the other folds as ``examples``),
    so no voice is ever its own example.
    """
    examples = load_examples(examples_path)
    keyword_hits = sum(_top3_hit(example, themes, ()) for example in examples)
    learning_hits = 0
    for fold in range(folds):
        training = [example for position, example in enumerate(examples) if position % folds != fold]
        testing = [example for position, example in enumerate(examples) if position % folds == fold]
        learning_hits += sum(_top3_hit(example, themes, training) for example in testing)
    total = len(examples)
    return Evaluation(
        items=total,
        folds=folds,
        keyword_top3_accuracy=keyword_hits / total if total else 0.0,
        learning_top3_accuracy=learning_hits / total if total else 0.0,
        theme_counts=dict(
            sorted(Counter(slug for example in examples for slug in example.theme_slugs).items())
        ),
    )


def main() -> int:
    result = evaluate()
    themes = len(result["theme_counts"])
    print(f"Evaluation set: {EXAMPLES_PATH.name}, {result['items']} voices, {themes} themes")
    print(f"Top-3 accuracy, keywords only: {result['keyword_top3_accuracy']:.3f}")
    print(f"Top-3 accuracy, learning ({result['folds']}-fold): {result['learning_top3_accuracy']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
