"""The small-count rule: what may be said about how many people took part, in every output.

Rules enforced here, for everything a councillor, a resident or a document reader can reach:
- a count of people from 1 to 9 reads "fewer than 10" (``MINIMUM``); none and 10 or more are given as they
  are, because a count that small, next to an area, a date or a method, can point at a person;
- anything worked out from fewer than ``MINIMUM`` people (a set of Place Standard scores, who took part by
  group) is left out, since one respondent's "averages" are that person's answers.

Officers and facilitators, who may read drafts, see exact figures on the draft pages; every output that
anyone else can reach asks this module, and only this module, what may be shown.
"""

from app.text import plural

MINIMUM = 10
FEWER = f"fewer than {MINIMUM}"

# Fields of a record kind that count people, as the edition pages, the API and the exports know them.
PEOPLE_COUNTS: dict[str, frozenset[str]] = {
    "listening_exercise": frozenset({"participants"}),
    "score_set": frozenset({"respondents"}),
    "measurement": frozenset({"sample_size"}),
}
# Record kinds that are a breakdown of the answers of some people, and the field that says how many.
BREAKDOWNS: dict[str, str] = {"score_set": "respondents"}


def may_show_count(people: int) -> bool:
    """Whether a count of people may be given as it is."""
    return people == 0 or people >= MINIMUM


def shown(people: int) -> int | str:
    """A count of people as it may be shown: the number, or "fewer than 10" for 1 to 9."""
    return people if may_show_count(people) else FEWER


def shown_text(people: int, *, none: str = "0") -> str:
    """A count of people as text for a page: "1,234", "fewer than 10", or ``none`` for nobody."""
    if people == 0:
        return none
    value = shown(people)
    return f"{value:,}" if isinstance(value, int) else value


def people(count: int, singular: str = "person", many: str = "people") -> str:
    """A count of people with its noun, under the rule: "1,234 respondents", "fewer than 10 respondents",
    "no respondents". The templates' ``people`` filter, for a count a page is given as a number."""
    if count == 0:
        return f"no {many}"
    if not may_show_count(count):
        return f"{FEWER} {many}"
    return plural(count, singular, many)


def may_break_down(people: int | None) -> bool:
    """Whether something worked out from ``people`` people (scores, groups) may be shown; an unknown
    number of people is treated as too few."""
    return people is not None and people >= MINIMUM


RULE = (
    f"Any count of people, or of the things they said, from 1 to 9 is shown as “{FEWER}”, and anything "
    f"worked out from fewer than {MINIMUM} people (a set of Place Standard scores, who took part by age "
    "or group) is left out, so that nobody can be singled out."
)
