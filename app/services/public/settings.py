"""An officer's settings for the place's public pages, and the place's own words for them.

Rules enforced here:
- the pages are off until an officer switches them on (no row: off);
- Welsh and Easy Read wording is given for a published English text and kept against that text: when the
  published English changes, the old wording no longer applies (the page falls back to English, marked);
- an Easy Read sentence has at most ``EASY_READ_WORDS`` words.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlmodel import Session, select

from app.errors import FieldError
from app.models import Place, PublicPage, PublicText, User
from app.models.base import id_of, utcnow
from app.schemas.public import PublicPageForm
from app.services.records.versioning import create_record, save_record

TRANSLATION: Final = "translation"
EASY_READ: Final = "easy_read"
EASY_READ_WORDS: Final = 15
TEXT_LIMIT: Final = 2000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def get_page(*, session: Session, place: Place) -> PublicPage | None:
    return session.exec(select(PublicPage).where(PublicPage.place_id == place.id)).first()


def save_page(
    *, session: Session, place: Place, actor: User, form: PublicPageForm, expected_version: int | None
) -> PublicPage:
    """Switch the pages on or off, offer Welsh, and say how to get in touch. Switching on needs that
    sentence: a public page must tell residents who to ask."""
    contact, contact_cy = form.contact.strip(), form.contact_cy.strip()
    if form.enabled and not contact:
        raise FieldError("contact", "Enter how residents can get in touch before publishing the pages")
    values: dict[str, Any] = {
        "enabled": form.enabled,
        "welsh": form.welsh,
        "contact": contact,
        "contact_cy": contact_cy,
        "updated_at": utcnow(),
    }
    page = get_page(session=session, place=place)
    if page is None:
        return create_record(
            session=session, actor=actor, note=form.note, record=PublicPage(place_id=id_of(place), **values)
        )
    return save_record(
        session=session,
        record=page,
        actor=actor,
        changes=values,
        expected_version=expected_version,
        note=form.note,
    )


@dataclass(frozen=True)
class OwnWords:
    """The place's own wording for its public pages: (purpose, language, English source) -> text."""

    texts: Mapping[tuple[str, str, str], str]

    def get(self, purpose: str, language: str, source: str) -> str | None:
        return self.texts.get((purpose, language, source_hash(source)))


def own_words(*, session: Session, place: Place) -> OwnWords:
    rows = session.exec(
        select(PublicText.purpose, PublicText.language, PublicText.source_hash, PublicText.text).where(
            PublicText.place_id == place.id
        )
    ).all()
    return OwnWords({(purpose, language, digest): text for purpose, language, digest, text in rows if text})


def easy_read_problem(text: str) -> str | None:
    for sentence in _SENTENCE_END.split(text.strip()):
        if len(sentence.split()) > EASY_READ_WORDS:
            count = len(sentence.split())
            return f"Keep each sentence to {EASY_READ_WORDS} words or fewer: “{sentence}” has {count}"
    return None


@dataclass(frozen=True)
class Entry:
    """One wording to save: for ``source`` (published English), in ``language``, for ``purpose``."""

    field: str  # the form field it came from, for an error
    purpose: str
    language: str
    source: str
    text: str


def save_words(*, session: Session, place: Place, actor: User, entries: Iterable[Entry]) -> int:
    """Save every wording given (an empty one removes it); all or nothing. Refused (``FieldError``) for an
    Easy Read sentence that is too long or a text over ``TEXT_LIMIT`` characters. Returns how many changed."""
    entries = list(entries)
    for entry in entries:
        if len(entry.text) > TEXT_LIMIT:
            raise FieldError(entry.field, f"Keep this to {TEXT_LIMIT:,} characters or fewer")
        if entry.purpose == EASY_READ and entry.text.strip():
            problem = easy_read_problem(entry.text)
            if problem:
                raise FieldError(entry.field, problem)
    existing = {
        (row.purpose, row.language, row.source_hash): row
        for row in session.exec(select(PublicText).where(PublicText.place_id == place.id)).all()
    }
    changed = 0
    for entry in entries:
        text = entry.text.strip()
        digest = source_hash(entry.source)
        row = existing.get((entry.purpose, entry.language, digest))
        if row is None and text:
            create_record(
                session=session,
                actor=actor,
                record=PublicText(
                    place_id=id_of(place),
                    purpose=entry.purpose,
                    language=entry.language,
                    source_hash=digest,
                    source=entry.source,
                    text=text,
                ),
            )
            changed += 1
        elif row is not None and row.text != text:
            save_record(
                session=session,
                record=row,
                actor=actor,
                changes={"text": text, "updated_at": utcnow()},
                expected_version=None,
            )
            changed += 1
    return changed
