"""A simple drawn icon for each shared theme, for Easy Read pages: inline SVG, so the page needs no other
file and prints. Each is a few plain shapes on a 48-unit square in the text colour; its alt text is
given by the page (the theme's name, in the page's language)."""

from typing import Final

from markupsafe import Markup

_SHAPES: Final = {
    "moving-around": '<circle cx="24" cy="8" r="5"/><path d="M24 14v14l-8 14M24 28l8 14M14 22h20"/>',
    "public-transport": '<rect x="8" y="6" width="32" height="30" rx="4"/><path d="M8 24h32"/>'
    '<circle cx="15" cy="40" r="4"/><circle cx="33" cy="40" r="4"/>',
    "traffic-and-parking": '<rect x="14" y="4" width="20" height="40" rx="4"/><circle cx="24" cy="13" r="4"/>'
    '<circle cx="24" cy="24" r="4"/><circle cx="24" cy="35" r="4"/>',
    "streets-and-spaces": '<path d="M6 42h36M10 42V20h10v22M28 42V12h10v30"/>',
    "natural-space": '<circle cx="24" cy="18" r="12"/><path d="M24 30v14"/>',
    "play-and-recreation": '<circle cx="24" cy="24" r="16"/><path d="M8 24h32M24 8v32"/>',
    "facilities-and-amenities": '<path d="M6 20L24 6l18 14M10 20v22h28V20M20 42V30h8v12"/>',
    "work-and-local-economy": '<rect x="6" y="16" width="36" height="24" rx="3"/><path d="M18 16v-6h12v6"/>',
    "housing-and-community": '<path d="M6 24L24 8l18 16M12 20v22h24V20"/>'
    '<rect x="20" y="30" width="8" height="12"/>',
    "social-contact": '<circle cx="16" cy="14" r="6"/><circle cx="32" cy="14" r="6"/>'
    '<path d="M4 40c0-10 24-10 24 0M20 40c0-10 24-10 24 0"/>',
    "identity-and-belonging": '<path d="M24 42S6 30 6 18a9 9 0 0 1 18-2 9 9 0 0 1 18 2c0 12-18 24-18 24z"/>',
    "feeling-safe": '<path d="M24 4l16 6v12c0 10-7 17-16 22C15 39 8 32 8 22V10z"/>',
    "care-and-maintenance": '<path d="M10 38l16-16M26 22a8 8 0 1 0 10-10l-5 5-5-5 5-5"/>',
    "influence-and-sense-of-control": '<rect x="10" y="20" width="28" height="22"/>'
    '<path d="M18 20l6-14 6 14"/>',
    "migration-and-asylum": '<circle cx="24" cy="24" r="18"/>'
    '<path d="M6 24h36M24 6c8 8 8 28 0 36M24 6c-8 8-8 28 0 36"/>',
    "hate-crime-and-prejudice": '<circle cx="24" cy="24" r="18"/><path d="M11 11l26 26"/>',
    "cost-of-living": '<circle cx="24" cy="24" r="18"/>'
    '<path d="M30 16h-8a5 5 0 0 0 0 10h4a5 5 0 0 1 0 10h-8M24 12v24"/>',
    "young-people": '<circle cx="24" cy="10" r="6"/><path d="M24 16v14M14 24h20M24 30l-6 12M24 30l6 12"/>',
    "faith-and-belief": '<path d="M24 6v36M14 16h20M10 42h28"/>',
    "online-harms-and-misinformation": '<rect x="6" y="8" width="36" height="26" rx="2"/>'
    '<path d="M16 42h16M24 34v8M20 16l8 10M28 16l-8 10"/>',
    "shared-spaces-and-mixing": '<circle cx="18" cy="24" r="12"/><circle cx="30" cy="24" r="12"/>',
}
_OTHER: Final = '<circle cx="24" cy="24" r="18"/><path d="M24 14v12M24 32v2"/>'


def icon(slug: str | None, alt: str) -> Markup:
    """The theme's icon (a general one for a place's own themes) with ``alt`` as its text alternative."""
    shapes = _SHAPES.get(slug or "", _OTHER)
    return Markup(
        '<svg class="app-easy-read__icon" viewBox="0 0 48 48" width="96" height="96" role="img" '
        'focusable="false" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" '
        'stroke-linejoin="round"><title>{alt}</title>{shapes}</svg>'
    ).format(alt=alt, shapes=Markup(shapes))  # noqa: S704 - the shapes are this module's constants
