"""The themes a place's voices can be given: the shared taxonomy and the place's own themes.

Rules enforced here:
- a place sees the shared themes and its own, never another place's; theme ids named in a form must be among
  them, or the form is refused by its field;
- a place's own theme's name must not repeat one it can already use.
"""

from collections.abc import Sequence

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.errors import FieldError
from app.models import Place, Theme
from app.services.listening.suggestions import DEFAULT_THEMES, ThemeInfo


def place_themes(*, session: Session, place: Place) -> list[Theme]:
    """The shared taxonomy, then the place's own themes."""
    return list(
        session.exec(
            select(Theme)
            .where(or_(col(Theme.place_id).is_(None), col(Theme.place_id) == place.id))
            .order_by(col(Theme.place_id).is_not(None), col(Theme.position), col(Theme.name))
        ).all()
    )


def check_themes(*, session: Session, place: Place, theme_ids: Sequence[int]) -> list[int]:
    """The ids, each once and in order, if every one is a theme the place can use."""
    if not theme_ids:
        return []
    found = set(
        session.exec(
            select(Theme.id).where(
                col(Theme.id).in_(theme_ids),
                or_(col(Theme.place_id).is_(None), col(Theme.place_id) == place.id),
            )
        ).all()
    )
    if found != set(theme_ids):
        raise FieldError("theme_ids", "Select themes from the list")
    return sorted(set(theme_ids))


def theme_infos(themes: Sequence[Theme]) -> tuple[list[ThemeInfo], dict[str, Theme]]:
    """The themes as the suggestion engine reads them, and each by the key it answers with (a place's own
    theme's key carries its place, as two places may use the same slug)."""
    keywords = {info.slug: info.keywords for info in DEFAULT_THEMES}
    infos = []
    by_slug: dict[str, Theme] = {}
    for theme in themes:
        key = theme.slug if theme.place_id is None else f"{theme.slug}@{theme.place_id}"
        by_slug[key] = theme
        words = keywords.get(theme.slug, ()) if theme.place_id is None else tuple(theme.keywords or ())
        infos.append(ThemeInfo(slug=key, name=theme.name, keywords=tuple(words) or (theme.name.lower(),)))
    return infos, by_slug


def add_place_theme(*, session: Session, place: Place, name: str, keywords: str | None) -> Theme:
    """A theme of the place's own, alongside the shared taxonomy; its name must not repeat one in use."""
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())[:80] or "theme"
    for theme in place_themes(session=session, place=place):
        if theme.slug == slug or theme.name.lower() == name.strip().lower():
            raise FieldError("name", f"There is already a theme called {theme.name}")
    words = [w.strip().lower() for w in (keywords or "").split(",") if w.strip()][:50]
    theme = Theme(
        slug=slug, name=name.strip(), kind="local", place_id=place.id, keywords=words or None, position=1000
    )
    session.add(theme)
    session.flush()
    return theme
