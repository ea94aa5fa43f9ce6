"""The redactor's detectors for everything but names: each yields (kind, start, end) spans of the text.

Each pattern is compiled once. A detector that needs a check a pattern cannot express (the digit count of a
phone number, HMRC's rules for NI prefixes, the age identifier of a number plate) checks it afterwards.
"""

import re
from collections.abc import Iterator

from app.services.listening.redaction_words import words

Span = tuple[str, int, int]

_TLD = r"(?:com|co|uk|org|net|gov|ac|nhs|info|biz|me|io|ie|eu)"
_WEBMAIL = words(
    """
    gmail googlemail hotmail outlook live yahoo btinternet icloud aol sky virginmedia talktalk
    protonmail proton ntlworld blueyonder mail me msn tiscali
"""
)

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b"
)
# "jo.hartley at gmail dot com", "kezza[at]btinternet[dot]com", "m.osei (at) gmail.com".
_AT = r"(?:\s*[\[(]\s*at\s*[\])]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+|\.)"
WRITTEN_EMAIL = re.compile(
    rf"(?<![\w.])(?P<local>[A-Za-z0-9_+-]+(?:(?:\.|\s+dot\s+)[A-Za-z0-9_+-]+)*){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]+)(?P<rest>(?:{_DOT}[A-Za-z0-9-]+)*?{_DOT}{_TLD})\b",
    re.IGNORECASE,
)
_NOT_LOCAL = words(
    """
    i we you me us them him her it they look stay shop meet live be is are was
"""
)

# Profile addresses on the platforms residents name; a group, page or event is not a person.
PROFILE_URL = re.compile(
    r"(?:https?://)?(?:www\.|m\.)?(?:facebook|fb|instagram|twitter|x|tiktok|linkedin|youtube|threads|snapchat)"
    r"\.com/(?!(?:groups|pages|events|hashtag|search|watch|share|p|reel)\b)(?:in/)?@?[\w.-]+/?",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# A platform named, then a handle-shaped word: it must hold a digit, "_" or "." to tell it from prose.
PLATFORM_HANDLE = re.compile(
    r"\b(?:instagram|insta|ig|twitter|tiktok|tik\s+tok|snapchat|snap|facebook|fb|threads|youtube)\b"
    r"(?:\s+(?:handle|username|user\s+name|account|name|page))?"
    r"(?:\s*(?:is|as|:|-|=)\s*|\s+(?:is|as)\s+|\s+)"
    r"(?P<handle>(?=[A-Za-z0-9_.]*[0-9_.])[A-Za-z0-9][A-Za-z0-9_.]{1,29}[A-Za-z0-9_])(?![\w@])",
    re.IGNORECASE,
)

# A candidate phone number starts with +44, 0044, "(0" or "0" and continues as digits separated by at most one
# space, dot or hyphen. Money, dates, times and percentages are excluded by what may come before and after
# (a currency sign, a slash, a colon or a decimal point), and the digit count is checked afterwards.
PHONE = re.compile(
    r"""
    (?<![\w£$€+/.,:-])
    (?:
        (?:\+|\b00)44[ .-]?(?:\(0\)[ .-]?)?[1-9](?:[ .-]?\d){7,9}
      | \(0[1-9]\d{1,4}\)[ .-]?\d(?:[ .-]?\d){4,7}
      | \b0[1-9](?:[ .-]?\d){7,9}
    )
    (?![.,/:-]?\d)(?![\w%])
    """,
    re.VERBOSE,
)

POSTCODE = re.compile(
    r"\b(?P<outward>[A-Z]{1,2}\d[A-Z\d]?)(?P<inward> ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)

NI_NUMBER = re.compile(r"\b(?P<prefix>[A-Z]{2}) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE)
# In prose, "at 123456 a year" has the shape of an NI number. HMRC never issues these letters or prefixes, and
# the common words among the valid prefixes only count when written in capitals. "QQ" is never issued either,
# but it is the prefix of HMRC's published example, which people copy when they write their own number.
_NI_NEVER_FIRST = frozenset("DFIQUV")
_NI_NEVER_SECOND = frozenset("DFIOQUV")
_NI_NEVER_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NI_COMMON_WORDS = words(
    """
    ah am an as at aw be by eh go ha he me my no oh ok on or so to we ye yo
"""
)

# Number plates: current (AB12 CDE), prefix (A123 BCD, 1983-2001) and suffix (ABC 123D, 1963-1983). The
# older two are taken only in capitals, where "A38 and" cannot be mistaken for one.
PLATE_CURRENT = re.compile(r"\b[A-HJ-PR-Y][A-HJ-PR-Y](?P<age>\d{2}) ?[A-HJ-PR-Z]{3}\b", re.IGNORECASE)
PLATE_OLDER = re.compile(r"\b(?:[A-HJ-NP-Y]\d{1,3} ?[A-HJ-PR-Y]{3}|[A-HJ-PR-Y]{3} ?\d{1,3}[A-HJ-NP-Y])\b")
_PLATE_WORDS = words(
    """
    AND THE FOR ARE BUT NOT YOU ALL ANY CAN HAS HAD WAS ONE OUR OUT GET NOW NEW WAY WHO DID ITS LET
    PUT SAY SHE TOO USE NHS GPS BUS CAR VAN AGE MAY JUN JUL AUG SEP OCT NOV DEC JAN FEB MAR APR
"""
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH},?\s+\d{{4}}\b"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b)"
)
DATE_OF_BIRTH = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s?date|birthday|born)"
    r"(?:\s+(?:is|was|on|the))*\s*[:=,-]?\s*(?:the\s+)?"
    rf"(?P<date>{_DATE})",
    re.IGNORECASE,
)

_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Dr|Way|Court|Crescent|Place|Grove|Gardens|Terrace"
    r"|Walk|Row|Hill|Square|Mews|View|Rise|Parade|Green|Wharf|Croft|Fold|Gate|Vale|Meadows?|Chase|Boulevard"
    r"|Quay|Yard|Park|Brow|Approach)"
)
_BUILDING = r"(?:House|Court|Tower|Towers|Lodge|Mansions|Heights|Point|Building|Block|Cottages?|Flats|Wharf)"
_CAP = r"[A-Z][\w'’-]*"
# "14 Elm Road", "27a Castle Street", "Number 47 Park Road": a house number and a street name.
HOUSE_NUMBER = re.compile(
    rf"\b(?:(?:[Nn]umber|[Nn]o\.?)\s+)?\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}{_STREET}\b"
)
# "Flat 6, Hawthorn House", "flat 22 Beech Court", "Apartment 12, Canal Wharf".
FLAT = re.compile(
    rf"\b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?)\s+\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:(?:{_CAP}\s+){{1,3}}(?:{_BUILDING}|{_STREET})\b|\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}{_STREET}\b)"
)
# "Rosemary Cottage, Mill Lane": a house name, then its street.
HOUSE_NAME = re.compile(
    rf"\b(?:{_CAP}\s+){{1,2}}(?:Cottage|House|Farm|Lodge|Barn|Villa|Bungalow),\s+(?:{_CAP}\s+){{1,2}}{_STREET}\b"
)
# "at number 12": a house on a street already known to the reader; "the Number 8 bus" is not one.
AT_NUMBER = re.compile(
    r"\b(?:at|from|to|outside|opposite|live\s+in|lives\s+in)\s+(?P<house>(?:number|no\.?)\s+\d{1,4}[a-z]?)\b"
    r"(?!\s+(?:bus|route|tram|train|service))",
    re.IGNORECASE,
)

# Web addresses carry long digit strings and letter-digit runs (ids, tracking codes) that are not personal.
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)


def emails(text: str) -> Iterator[Span]:
    for match in EMAIL.finditer(text):
        yield "email", match.start(), match.end()
    if " at " in text.lower() or "[at]" in text.lower() or "(at)" in text.lower():
        for match in WRITTEN_EMAIL.finditer(text):
            written = not re.fullmatch(r"\s+at\s+", text[match.end("local") : match.start("domain")], re.I)
            spelled = "dot" in match.group("rest").lower() or "dot" in match.group("local").lower()
            webmail = match.group("domain").lower() in _WEBMAIL
            if match.group("local").lower() in _NOT_LOCAL:
                continue
            if written or spelled or webmail:
                yield "email", match.start(), match.end()


_DIGIT = re.compile(r"\d")
_PLATFORM_HINT = re.compile(r"insta|\big\b|twitter|tik|snap|facebook|\bfb\b|threads|youtube|linkedin|\.com/")


def social_handles(text: str) -> Iterator[Span]:
    hinted = _PLATFORM_HINT.search(text.lower()) is not None
    if hinted:
        for match in PROFILE_URL.finditer(text):
            yield "social_handle", match.start(), match.end()
    if "@" in text:
        for match in HANDLE.finditer(text):
            if len(match.group()) > 2:
                yield "social_handle", match.start(), match.end()
    if hinted:
        for match in PLATFORM_HANDLE.finditer(text):
            yield "social_handle", match.start("handle"), match.end("handle")


def phones(text: str) -> Iterator[Span]:
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
        elif digits.startswith("44"):
            digits = "0" + digits[2:]
        # "+44 (0)7700 …" writes the trunk zero twice.
        if digits.startswith("00"):
            digits = digits[1:]
        # UK numbers have eleven digits with the leading zero; a few 01 and 0800 numbers have ten.
        if len(digits) == 11 or (len(digits) == 10 and digits.startswith(("01", "080"))):
            yield "phone", match.start(), match.end()


def postcodes(text: str) -> Iterator[Span]:
    for match in POSTCODE.finditer(text):
        # "stuck on the M6 9am" is a time; an inward code written as lower-case "am" or "pm" is far likelier
        # to be one than a postcode.
        if match.group("inward").strip()[1:] in {"am", "pm"}:
            continue
        yield "postcode", match.start("inward"), match.end("inward")


def ni_numbers(text: str) -> Iterator[Span]:
    for match in NI_NUMBER.finditer(text):
        prefix = match.group("prefix")
        upper = prefix.upper()
        if upper != "QQ" and (
            upper[0] in _NI_NEVER_FIRST or upper[1] in _NI_NEVER_SECOND or upper in _NI_NEVER_PREFIXES
        ):
            continue
        if prefix.lower() in _NI_COMMON_WORDS and not prefix.isupper():
            continue
        yield "ni_number", match.start(), match.end()


def vehicle_registrations(text: str) -> Iterator[Span]:
    for match in PLATE_CURRENT.finditer(text):
        age = int(match.group("age"))
        letters = "".join(ch for ch in match.group() if ch.isalpha())
        # "SW19 the" is an outward code and a word: a plate is written in one case throughout.
        if not (letters.isupper() or letters.islower()) or letters[-3:].upper() in _PLATE_WORDS:
            continue
        # The age identifier is the year (02 to 29) or the year plus 50 (51 to 79) since September 2001.
        if 2 <= age <= 29 or 51 <= age <= 79:
            yield "vehicle_registration", match.start(), match.end()
    for match in PLATE_OLDER.finditer(text):
        letters = "".join(ch for ch in match.group() if ch.isalpha())
        if letters[-3:] not in _PLATE_WORDS and letters[:3] not in _PLATE_WORDS:
            yield "vehicle_registration", match.start(), match.end()


def dates_of_birth(text: str) -> Iterator[Span]:
    for match in DATE_OF_BIRTH.finditer(text):
        yield "date_of_birth", match.start("date"), match.end("date")


def addresses(text: str) -> Iterator[Span]:
    # A house name needs a comma before its street; every other form needs a house number.
    has_digit = _DIGIT.search(text) is not None
    patterns = ((FLAT, HOUSE_NUMBER) if has_digit else ()) + ((HOUSE_NAME,) if "," in text else ())
    for pattern in patterns:
        for match in pattern.finditer(text):
            yield "address", match.start(), match.end()
    if has_digit:
        for match in AT_NUMBER.finditer(text):
            yield "address", match.start("house"), match.end("house")
