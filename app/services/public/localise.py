"""The public pages' words in the reader's language: the place's own texts (with the English, marked,
where no Welsh was given), the shared words from the catalogue, dates, and the Easy Read sentences."""

from dataclasses import dataclass
from datetime import date
from typing import Final

from app import i18n
from app.i18n import N_
from app.models import ActionStatus
from app.services.outputs import disclosure
from app.services.outputs.curve_chart import ChartWords
from app.services.outputs.dashboards import IndicatorPanel
from app.services.public import words
from app.services.public.settings import EASY_READ, EASY_READ_WORDS, TRANSLATION, OwnWords

UNGROUPED: Final = N_("Actions not under a priority")
_CATALOGUED: Final = frozenset({*words.THEMES, UNGROUPED, *words.FIGURE_KIND, *words.POLARITY})


@dataclass(frozen=True)
class Shown:
    """A text as a page shows it: in ``lang``; ``fallback`` when it is English on a Welsh page."""

    text: str
    lang: str
    fallback: bool


@dataclass(frozen=True)
class EasyLine:
    """An Easy Read line: fixed words in the page's language (``prefix``), then the place's own text."""

    prefix: str | None
    text: Shown


@dataclass(frozen=True)
class Localiser:
    language: str
    words: OwnWords

    def _(self, message: str) -> str:
        return i18n.translations(self.language).gettext(message)

    def own(self, text: str) -> Shown:
        """One of the place's own texts (a title, a priority, an answer), or a shared theme's name."""
        if self.language == i18n.ENGLISH:
            return Shown(text, i18n.ENGLISH, False)
        if text in _CATALOGUED:
            return Shown(
                self._(words.FIGURE_KIND.get(text) or words.POLARITY.get(text) or text), self.language, False
            )
        given = self.words.get(TRANSLATION, self.language, text)
        return Shown(given, self.language, False) if given else Shown(text, i18n.ENGLISH, True)

    def chart(self, panel: IndicatorPanel) -> str:
        """An indicator's chart with its labels in the page's language."""
        if self.language == i18n.ENGLISH:
            return panel.svg
        return panel.draw(ChartWords(**{key: self._(text) for key, text in words.CHART.items()}))

    def action_status(self, status: str) -> str:
        return self._(words.ACTION_STATUS.get(status, words.ACTION_STATUS["not_started"]))

    def indicator_status(self, status: str) -> str:
        return self._(words.INDICATOR_STATUS.get(status, words.INDICATOR_STATUS["not-enough-data"]))

    def status_label(self, label: str) -> str:
        """An action status given by its label (as the dashboard's sections hold it), in plain words."""
        for status in ActionStatus:
            if status.label == label:
                return self.action_status(status.value)
        return self.action_status(label)

    def easy_status(self, status: str) -> str:
        return self._(words.EASY_STATUS.get(status, words.EASY_STATUS["not_started"]))

    def count(self, shown: str) -> str:
        """A count as ``disclosure`` gives it ("1,234", "fewer than 10", "None")."""
        if shown == disclosure.FEWER:
            return self._("fewer than 10")
        if shown in ("None", "0"):
            return self._("none")
        return shown

    def people(self, shown: str) -> str:
        if shown == disclosure.FEWER:
            return self._("fewer than 10 people")
        return self._("%(count)s people") % {"count": shown}

    def easy_count(self, shown: str) -> str:
        if shown == disclosure.FEWER:
            return self._("Fewer than 10 people told us this.")
        return self._("%(count)s people told us this.") % {"count": shown}

    def date(self, day: date) -> str:
        return i18n.long_date(day, self.language)

    def easy_action(self, title: str) -> EasyLine | None:
        """The Easy Read line for an action: the officer's wording in this language, else in English
        (marked), else the title itself where it is short enough; None when there is none short enough."""
        given = self.words.get(EASY_READ, self.language, title)
        if given:
            return EasyLine(None, Shown(given, self.language, False))
        english = self.words.get(EASY_READ, i18n.ENGLISH, title)
        if english:
            return EasyLine(None, Shown(english, i18n.ENGLISH, self.language != i18n.ENGLISH))
        prefix = self._("We are doing this:")
        name = self.own(title)
        if len(prefix.split()) + len(name.text.split()) <= EASY_READ_WORDS:
            return EasyLine(prefix, Shown(name.text.rstrip(".") + ".", name.lang, name.fallback))
        return None
