"""Standard cohesion indicators a place can add in one click. Their keys are stable, so places can be compared
on them; the survey wording is kept exactly, because a figure only compares with one asked the same way."""

from dataclasses import dataclass

COMMUNITY_LIFE_SURVEY = "Community Life Survey question, asked in a local residents' survey"


@dataclass(frozen=True, kw_only=True)
class LibraryIndicator:
    """Most are yearly percentages asked with the Community Life Survey's wording: those are the defaults."""

    key: str
    name: str
    question: str
    definition: str
    unit: str = "%"
    polarity: str
    data_source: str = COMMUNITY_LIFE_SURVEY
    frequency: str = "Every year"


LIBRARY: tuple[LibraryIndicator, ...] = (
    LibraryIndicator(
        key="get-on-well",
        name="People from different backgrounds get on well together",
        question="To what extent do you agree or disagree that your local area is a place where people from "
        "different backgrounds get on well together?",
        definition="Percentage who definitely agree or tend to agree.",
        polarity="higher",
    ),
    LibraryIndicator(
        key="belonging",
        name="Belonging to the neighbourhood",
        question="How strongly do you feel you belong to your immediate neighbourhood?",
        definition="Percentage who feel they belong very or fairly strongly.",
        polarity="higher",
    ),
    LibraryIndicator(
        key="pull-together",
        name="People pull together to improve the neighbourhood",
        question="To what extent do you agree or disagree that people in this neighbourhood pull together to "
        "improve the neighbourhood?",
        definition="Percentage who definitely agree or tend to agree.",
        polarity="higher",
    ),
    LibraryIndicator(
        key="chat-to-neighbours",
        name="Chatting to neighbours",
        question="How often do you chat to any of your neighbours, more than to just say hello?",
        definition="Percentage who do so at least once a month.",
        polarity="higher",
    ),
    LibraryIndicator(
        key="trust",
        name="Trust in people in the neighbourhood",
        question="Would you say that many of the people who live in this neighbourhood can be trusted, some can be "
        "trusted, a few can be trusted, or that none of the people in your neighbourhood can be trusted?",
        definition="Percentage who say many or some can be trusted.",
        polarity="higher",
    ),
    LibraryIndicator(
        key="volunteering",
        name="Formal volunteering",
        question="In the last 12 months, have you given any unpaid help to any groups, clubs or organisations?",
        definition="Percentage who have, at least once in the last 12 months.",
        polarity="higher",
    ),
    LibraryIndicator(
        key="rarely-meet-different-backgrounds",
        name="Rarely or never meet people from different backgrounds",
        question="How often, if at all, do you meet and talk with people from different backgrounds to yourself?",
        definition="Percentage who say rarely or never.",
        polarity="lower",
        data_source="Local residents' survey (question as worded here)",
    ),
    LibraryIndicator(
        key="influence-decisions",
        name="Able to influence local decisions",
        question="Do you agree or disagree that you can influence decisions affecting your local area?",
        definition="Percentage who definitely agree or tend to agree.",
        polarity="higher",
    ),
)

BY_KEY = {item.key: item for item in LIBRARY}
