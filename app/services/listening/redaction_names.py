"""Names in what residents say: after a cue, after a title or a family or role word, as a sign-off, or alone.

How sure a cue makes us decides what may follow it:
- a strong cue ("my name is", "call me") takes any capitalised word, or a known first name in any case;
- a title ("Mrs", "Uncle", "Councillor") takes a capitalised word unless it is an ordinary word that is not
  also a surname ("Mr Men" stays, "Mrs Brown" goes);
- a family or role word ("my son", "our councillor", "the warden,") takes a capitalised word that is a first
  name or not an ordinary word;
- a weak cue ("I'm", "this is", "speak to", "ring") takes only a known first name that is not an ordinary
  word or, after "I'm", a word saying what someone is ("I'm Muslim", "I'm Christian");
- with no cue, a capitalised first name that is not an ordinary word is a name unless it is part of a place
  or an organisation ("St Joseph's", "Albert Road", "Lourdes school").
A name runs on over following capitalised words ("Ruth Adeyemi"), at most three in all.
"""

import re
from collections.abc import Callable, Iterator

from app.services.listening.redaction_patterns import Span
from app.services.listening.redaction_words import (
    COMMON_WORDS,
    NOT_AFTER_IM,
    NOT_NAMES,
    ORG_WORDS,
    PLACE_BEFORE,
    SURNAME_WORDS,
    bare_names,
    first_names,
    words,
)

_MAX_WORDS = 3
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")

_RELATIONS = (
    r"son|daughter|partner|husband|wife|mum|mom|mother|dad|father|brother|sister|nan|nana|gran|granny|grandma"
    r"|grandad|grandpa|grandson|granddaughter|grandchild|neighbour|neighbor|friend|mate|boyfriend|girlfriend"
    r"|fianc[eé]e?|carer|uncle|aunt|auntie|aunty|cousin|nephew|niece|stepson|stepdaughter|stepdad|stepmum"
    r"|kid|boy|girl|lad|landlord|landlady|manager|boss|caretaker|warden|councillor|mp|teacher|headteacher"
    r"|head|(?:youth|social|support|key|care|outreach|community)\s+worker|gp|doctor|nurse|vicar|imam|priest"
    r"|pastor|rabbi|coach|colleague|housemate|flatmate|tenant|lodger|officer|pcso|chair|organiser|volunteer"
)
_TITLES = sorted(
    words(
        """
    mr mrs ms miss mx dr prof pc pcso sgt rev revd reverend father fr sister brother aunty auntie aunt uncle
    nana nan grandma grandad granny cllr councillor imam rabbi pastor bishop canon sir dame lord lady coach
    nurse doctor
    """
    )
)
_PERSONAL_TITLES = words("mr mrs ms miss mx dr cllr councillor")
# The first word of every cue: the cue pattern is tried only where one of these starts a word (or a word
# ends in "'s", for "my daughter's friend"), not at every position of the text.
_CUE_STARTS = words(
    """
    my name i'm i’m im i known call this it's it’s speak talk ask contact ring phone text email message thanks
    thank our his her their the
    """
) | frozenset(_TITLES)
_CUES = re.compile(
    r"(?P<strong>\b(?:my\s+name\s+is|my\s+name['’]?s|name\s*:|i['’]?m\s+called|i\s+am\s+called|known\s+as"
    r"|call\s+me)\s*,?\s+)"
    r"|(?P<im>\b(?:i['’]m|im|i\s+am)\s+)"
    r"|(?P<weak>\b(?:this\s+is|it['’]s|speak\s+to|speak\s+with|talk\s+to|ask\s+for|contact|ring|phone|text"
    r"|email|message|thanks\s+to|thank\s+you|thanks)\s*[,:]?\s+)"
    rf"|(?P<title>\b(?:{'|'.join(_TITLES)})\.?\s+)"
    rf"|(?P<relation>\b(?:my|our|his|her|their|the|\w+['’]s)\s+(?:{_RELATIONS})\s*,?\s+)"
)
# The cues are matched in the lower-cased text: Python's case-blind matching is several times slower.
_CUES_ANY_CASE = re.compile(_CUES.pattern, re.IGNORECASE)
# A name on its own at the very end, after a sign-off word or a dash: "Thanks, Bev", "Regards,\nOwen".
_SIGNOFF = re.compile(
    r"(?:(?P<word>(?i:many\s+thanks|thanks|thank\s+you|cheers|kind\s+regards|regards|best\s+wishes|all\s+the"
    r"\s+best|best|love|yours|sincerely|ta))[\s,.!-]*|\s[-–—]\s*|\n\s*)"
    r"(?P<name>[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})\s*[.!]?\s*$"
)
_SIGNOFF_WINDOW = 80
_GRATITUDE = frozenset({"thanks", "thank you", "ta", "many thanks"})


def _base(word: str) -> str:
    """The word without a possessive "'s": "Ahmed's" is Ahmed."""
    return word[:-2] if word[-2:] in ("'s", "’s") and len(word) > 3 else word


def _capitalised(word: str) -> bool:
    return word[0].isupper()


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        self.index = {start: number for number, (start, _end, _word) in enumerate(self.tokens)}

    def at(self, position: int) -> int | None:
        return self.index.get(position)

    def joined(self, number: int) -> bool:
        """Whether token ``number`` follows the one before it after exactly one space."""
        return number > 0 and self.text[self.tokens[number - 1][1] : self.tokens[number][0]] == " "

    def run(self, number: int, *, lower_ok: bool) -> tuple[int, int]:
        """The name starting at token ``number``: it and the capitalised words that follow it."""
        start, end, word = self.tokens[number]
        end = start + len(_base(word))
        style = str.isupper if word.isupper() and len(word) > 1 else None
        count = 1
        position = number + 1
        while (
            count < _MAX_WORDS
            and position < len(self.tokens)
            and self.joined(position)
            and _base(word) == word
        ):
            word = self.tokens[position][2]
            lowered = _base(word).lower()
            if style is not None and not style(word):
                break
            if not _capitalised(word) and not (lower_ok and word.islower()):
                break
            if lowered in NOT_NAMES or lowered in ORG_WORDS:
                break
            if lowered in COMMON_WORDS and lowered not in SURNAME_WORDS:
                break
            end = self.tokens[position][0] + len(_base(word))
            count += 1
            position += 1
        return start, end

    def before_org(self, end: int) -> bool:
        """Whether the word after ``end`` makes the name part of a place or organisation."""
        following = _TOKEN.match(self.text, end + 1) if self.text[end : end + 1] == " " else None
        return following is not None and _base(following.group()).lower() in ORG_WORDS


def _accept_first(kind: str, word: str, title: str = "") -> bool:
    lowered = _base(word).lower()
    if lowered in NOT_NAMES:
        return False
    names = first_names()
    if kind == "strong":
        return _capitalised(word) or lowered in names
    if kind == "title":
        # "Lady Lane" and "Lord Street" are streets; "Mrs Hill" is a person.
        if lowered in ORG_WORDS and title not in _PERSONAL_TITLES:
            return False
        if _capitalised(word):
            return lowered not in COMMON_WORDS or lowered in SURNAME_WORDS or lowered in names
        return lowered not in COMMON_WORDS
    if kind == "relation":
        if _capitalised(word):
            return lowered in names or lowered not in COMMON_WORDS
        return lowered in names and lowered not in COMMON_WORDS
    if kind == "im":
        return lowered in names and lowered not in NOT_AFTER_IM
    return lowered in bare_names()


def _cued(doc: _Text) -> Iterator[Span]:
    lowered = doc.text.lower()
    # A few characters change length when lower-cased ("İ"); then offsets would drift, so match case-blind.
    pattern, subject = (_CUES, lowered) if len(lowered) == len(doc.text) else (_CUES_ANY_CASE, doc.text)
    for start, _end, word in doc.tokens:
        low = word.lower()
        if low not in _CUE_STARTS and not low.endswith(("'s", "’s")):
            continue
        cue = pattern.match(subject, start)
        if cue is None:
            continue
        kind = cue.lastgroup or "weak"
        number = doc.at(cue.end())
        if number is None:
            continue
        word = doc.tokens[number][2]
        if not _accept_first(kind, word, cue.group().split()[0].rstrip(".").lower()):
            continue
        start, end = doc.run(number, lower_ok=kind == "strong" and word.islower())
        if kind in ("weak", "im") and doc.before_org(end):
            continue
        yield "name", start, end


def _signoff(doc: _Text) -> Iterator[Span]:
    # A sign-off is short and ends with a capitalised word: looking only there keeps long comments cheap.
    if not doc.tokens or not _capitalised(doc.tokens[-1][2]):
        return
    match = _SIGNOFF.search(doc.text, max(0, len(doc.text) - _SIGNOFF_WINDOW))
    if match is None:
        return
    words = match.group("name").split(" ")
    lowered = [_base(word).lower() for word in words]
    if any(word in ORG_WORDS or word in NOT_NAMES for word in lowered):
        return
    cue = re.sub(r"\s+", " ", (match.group("word") or "").lower())
    # "Thanks Brackenford" thanks a place; "Thanks, Bev" and "Many thanks" then a new line sign off.
    set_apart = bool(re.search(r"[,\n]", doc.text[match.start() : match.start("name")]))
    if cue and (cue not in _GRATITUDE or set_apart):
        if lowered[0] in COMMON_WORDS and lowered[0] not in first_names():
            return
    elif lowered[0] not in bare_names():
        return
    yield "name", match.start("name"), match.start("name") + len(_base(match.group("name")))


def _paired(doc: _Text, number: int) -> bool:
    """Whether a first name that is also a word stands beside a sure name: "Jordan and Kayleigh"."""
    tokens, names = doc.tokens, bare_names()
    for other, link in ((number + 2, number + 1), (number - 2, number - 1)):
        if 0 <= other < len(tokens) and tokens[link][2].lower() == "and":
            word = tokens[other][2]
            if _capitalised(word) and _base(word).lower() in names:
                return True
    return False


def _bare(doc: _Text) -> Iterator[Span]:
    names, all_names = bare_names(), first_names()
    for number, (_start, _end, word) in enumerate(doc.tokens):
        if not _capitalised(word) or (word.isupper() and len(word) > 1):
            continue
        lowered = _base(word).lower()
        if lowered not in names and not (lowered in all_names and _paired(doc, number)):
            continue
        if doc.joined(number):
            previous = doc.tokens[number - 1][2]
            if previous.lower() in PLACE_BEFORE or (_capitalised(previous) and previous.lower() in ORG_WORDS):
                continue
        start, end = doc.run(number, lower_ok=False)
        if doc.before_org(end):
            continue
        yield "name", start, end


def names(text: str) -> Iterator[Span]:
    """Every name found, cued ones first so that they win where a bare match overlaps them."""
    doc = _Text(text)
    finders: tuple[Callable[[_Text], Iterator[Span]], ...] = (_cued, _signoff, _bare)
    for finder in finders:
        yield from finder(doc)
