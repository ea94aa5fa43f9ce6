"""The officer's wording sheet: every published text residents can read that the place wrote itself
(strategy title, priorities, action titles, the answers in "you said, we did"), each with its Welsh and,
for actions, its Easy Read wording."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from app import i18n
from app.models import Place
from app.services.outputs import dashboards, said_did
from app.services.public import pages
from app.services.public.settings import (
    EASY_READ,
    TRANSLATION,
    Entry,
    OwnWords,
    get_page,
    own_words,
    source_hash,
)
from app.services.records import editions


@dataclass(frozen=True)
class Item:
    key: str  # names the item's fields on the form
    source: str  # the published English
    easy_read: bool  # an action: it has Easy Read wording too


@dataclass(frozen=True)
class Group:
    title: str
    items: list[Item]


@dataclass(frozen=True)
class Sheet:
    welsh: bool
    groups: list[Group]
    current: OwnWords

    def value(self, purpose: str, language: str, source: str) -> str:
        return self.current.get(purpose, language, source) or ""

    def entries(self, typed: Mapping[str, str]) -> list[Entry]:
        """What the form sent, for the items it shows (a field it did not send is left as it was)."""
        found = []
        for group in self.groups:
            for item in group.items:
                fields = [(f"cy-{item.key}", TRANSLATION, i18n.WELSH)]
                if item.easy_read:
                    fields += [
                        (f"er-en-{item.key}", EASY_READ, i18n.ENGLISH),
                        (f"er-cy-{item.key}", EASY_READ, i18n.WELSH),
                    ]
                for name, purpose, language in fields:
                    if name in typed:
                        found.append(Entry(name, purpose, language, item.source, typed[name]))
        return found


def _items(texts: list[str], easy_read: bool = False) -> list[Item]:
    seen: dict[str, Item] = {}
    for text in texts:
        if text and text not in seen:
            seen[text] = Item(key=source_hash(text)[:16], source=text, easy_read=easy_read)
    return list(seen.values())


def sheet(*, session: Session, place: Place) -> Sheet:
    page = get_page(session=session, place=place)
    strategy = pages.public_strategy(session=session, place=place)
    groups: list[Group] = []
    if strategy is not None:
        latest = editions.latest_editions(session=session, strategy=strategy)
        board = dashboards.councillor_dashboard(session=session, strategy=strategy)
        areas = said_did.said_did(said_did.published(session=session, strategy=strategy, latest=latest))
        actions = [line.title for block in board.priorities for _, lines in block.by_status for line in lines]
        answers = [answer.update for area in areas for answer in area.answers if answer.update]
        groups = [
            Group(
                "Strategy title",
                _items([pages.published_title(session=session, strategy=strategy, latest=latest)]),
            ),
            Group(
                "Priorities",
                _items(
                    [
                        block.outcome
                        for block in board.priorities
                        if block.outcome != "Actions not under a priority"
                    ]
                ),
            ),
            Group("Actions", _items(actions, easy_read=True)),
            Group("Answers in “You said, we did”", _items(answers)),
        ]
    return Sheet(
        welsh=page is not None and page.welsh,
        groups=[group for group in groups if group.items],
        current=own_words(session=session, place=place),
    )
