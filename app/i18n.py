"""English and Welsh for the public pages: gettext catalogues (Babel) and dates in either language.

The fixed text of the public pages is written in English in their templates (``{% trans %}``, ``_()``) and in
``app/services/public/words.py`` (``N_``). Its Welsh is in ``app/translations/cy/LC_MESSAGES/messages.po``,
the one file a translator edits; it is compiled in memory when the app starts, so no binary catalogue can
fall out of step with it. ``tests/test_i18n.py`` fails when a string has no Welsh entry.

Extract after changing the English: ``pybabel extract -F babel.cfg -o app/translations/messages.pot .``
then ``pybabel update -i app/translations/messages.pot -d app/translations``.
"""

import gettext as _gettext
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any, Final

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from app.config import ROOT

ENGLISH: Final = "en"
WELSH: Final = "cy"
LANGUAGES: Final = (ENGLISH, WELSH)
CATALOGUE_DIR: Final = ROOT / "app" / "translations"
DOMAIN: Final = "messages"


def N_(message: str) -> str:
    """Marks English for the catalogue where it is written, to be translated where it is shown."""
    return message


def po_path(language: str) -> Any:
    return CATALOGUE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalogue for ``language``; English is the source text itself."""
    if language == ENGLISH:
        return _gettext.NullTranslations()
    with open(po_path(language), "rb") as source:
        catalogue = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def template_callables(language: str) -> dict[str, Any]:
    """``gettext``, ``ngettext`` and ``_`` for a template's context, as Jinja's i18n extension calls them
    (new style: ``%(name)s`` placeholders filled here, escaped like any other value)."""
    catalogue = translations(language)

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
        text = catalogue.gettext(message)
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - the catalogue is ours; the variables are escaped by %
        return text % variables if variables else text

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, n: int, /, **variables: Any) -> str:
        variables.setdefault("num", n)
        text = catalogue.ngettext(singular, plural, n)
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - as above
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}


def long_date(day: date, language: str) -> str:
    """30 June 2026, or 30 Mehefin 2026."""
    return format_date(day, "d MMMM y", locale="en_GB" if language == ENGLISH else language)
