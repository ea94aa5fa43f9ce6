"""How the theme suggestions read a comment: its words in order, each stemmed (Snowball's English stemmer,
with the exceptions this subject needs), with stop words and words too common to tell themes apart marked.
"""

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from app.services.listening.redaction import MARKER

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
def stem(word: str) -> str:
    """English stemming (Snowball's Porter2), so that "houses" meets "house" and "housing" meets both."""
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    stem: str = stemmer.stemWord(word)
    return stem


_GENERIC_STEMS = frozenset(stem(word) for word in _GENERIC_WORD_TEXT.split())


@dataclass(frozen=True)
class Token:
    """A word of a comment: its stem and where it stands in the text."""

    stem: str
    start: int
    end: int
    # Stop words take part in phrases ("have a say") but are never evidence on their own.
    stop: bool


# A marker the redactor put in place of a personal detail ("[name removed]") is one stop token that matches
# no keyword, so it never suggests a theme and no phrase runs across it: "called [name removed]" is not
# "called names".
_PLACEHOLDER_STEM = "\x00removed"


def words_of(text: str) -> list[Token]:
    """The words of ``text`` in order, stemmed and placed; a removed personal detail is one stop token."""
    tokens: list[Token] = []
    markers = [(match.start(), match.end()) for match in MARKER.finditer(text)] if "[" in text else []
    marker = 0
    for match in _WORD.finditer(text):
        while marker < len(markers) and markers[marker][1] <= match.start():
            marker += 1
        if marker < len(markers) and markers[marker][0] <= match.start():
            start, end = markers[marker]
            if not tokens or tokens[-1].start != start:
                tokens.append(Token(_PLACEHOLDER_STEM, start, end, True))
            continue
        word = match.group().lower().replace("’", "").replace("'", "")
        tokens.append(Token(stem(word), match.start(), match.end(), word in _STOP_WORDS))
    return tokens


def content_stems(found: Iterable[Token]) -> list[str]:
    """The stems that can tell two comments apart: no stop words, no generic words."""
    return [token.stem for token in found if not token.stop and token.stem not in _GENERIC_STEMS]
