"""The council's logo on the strategy document's cover: an uploaded PNG, or an SVG made safe.

An SVG is parsed with defusedxml (no entities, no external DTDs) and rebuilt from an allow-list: drawing
elements and presentation attributes only. Scripts, event handlers (``on*``), ``style`` (it can hold
``url()``), ``foreignObject``, ``use`` and every link (``href``) other than to an id in the same file are
dropped, so the logo can run nothing and fetch nothing, on a page or in the PDF. A PNG is checked by its
signature and kept as it is. Either is at most ``MAX_BYTES``.
"""

import base64
import re
import xml.etree.ElementTree as ET
from html import escape

from defusedxml import ElementTree as SafeET  # type: ignore[import-untyped]
from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]
from sqlmodel import Session

from app.errors import FieldError
from app.models import CouncilLogo, Place
from app.models.base import id_of

MAX_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "http://www.w3.org/2000/svg"
ELEMENTS = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
        "title", "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "id", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
        "d", "points", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "opacity", "transform", "font-family",
        "font-size", "font-weight", "text-anchor", "offset", "stop-color", "stop-opacity", "gradientUnits",
        "gradientTransform", "clip-path", "clip-rule", "preserveAspectRatio", "role", "aria-label",
    }
)  # fmt: skip
# Paint and clip references may name a gradient or clip path in the same file, nothing else.
_LOCAL_URL = re.compile(r"^url\(#[A-Za-z][\w.-]*\)$")
_URL = re.compile(r"url\s*\(", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _allowed(attribute: str, value: str) -> bool:
    """An attribute that only draws: on the allow-list, and with no link other than to an id in the file."""
    if _local(attribute) not in ATTRIBUTES:
        return False
    return not _URL.search(value) or bool(_LOCAL_URL.match(value.strip()))


def _clean(element: ET.Element) -> ET.Element | None:
    """The element rebuilt with only what is allowed, or None when the element itself is not."""
    name = _local(element.tag)
    if name not in ELEMENTS:
        return None
    kept = ET.Element(name, {_local(a): v for a, v in element.attrib.items() if _allowed(a, v)})
    kept.text = element.text if name in ("text", "tspan", "title", "desc") else None
    for child in element:
        cleaned = _clean(child)
        if cleaned is not None:
            cleaned.tail = child.tail if name in ("text", "tspan") else None
            kept.append(cleaned)
    return kept


def sanitise_svg(content: bytes) -> bytes:
    """The SVG rebuilt from allowed elements and attributes only. Refused (``FieldError``) when it is not an
    SVG that parses."""
    try:
        root = SafeET.fromstring(content)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        root = None
    cleaned = _clean(root) if root is not None and _local(root.tag) == "svg" else None
    if cleaned is None:
        raise FieldError("logo", "The logo must be a PNG or SVG file that opens")
    cleaned.set("xmlns", SVG)
    cleaned.set("role", "img")
    cleaned.set("aria-label", "Council logo")
    written: bytes = ET.tostring(cleaned, encoding="utf-8", xml_declaration=False)
    return written


def save_logo(*, session: Session, place: Place, filename: str, content: bytes) -> CouncilLogo:
    """Replace the place's logo. Refused (``FieldError``) when empty, too large, or not a PNG or SVG."""
    if not content:
        raise FieldError("logo", "Select a PNG or SVG file")
    if len(content) > MAX_BYTES:
        raise FieldError("logo", f"The logo must be smaller than {MAX_BYTES // 1024} KB")
    if content.startswith(PNG_SIGNATURE):
        media_type, stored = "image/png", content
    elif filename.lower().endswith(".svg") or content.lstrip()[:5] in (
        b"<?xml",
        b"<svg ",
        b"<svg>",
        b"<!DOC",
    ):
        media_type, stored = "image/svg+xml", sanitise_svg(content)
    else:
        raise FieldError("logo", "The logo must be a PNG or SVG file")
    logo = session.get(CouncilLogo, id_of(place))
    if logo is None:
        logo = CouncilLogo(place_id=id_of(place), media_type=media_type, content=stored)
    else:
        logo.media_type, logo.content = media_type, stored
    session.add(logo)
    session.flush()
    return logo


def png_of(*, session: Session, place: Place) -> bytes | None:
    """The logo for a Word file, which takes a PNG (an SVG logo is left out of it)."""
    logo = session.get(CouncilLogo, id_of(place))
    return logo.content if logo is not None and logo.media_type == "image/png" else None


def remove_logo(*, session: Session, place: Place) -> None:
    logo = session.get(CouncilLogo, id_of(place))
    if logo is not None:
        session.delete(logo)
        session.flush()


def logo_markup(*, session: Session, place: Place) -> str | None:
    """The logo as markup for the document: the sanitised SVG inline, or the PNG as a data URL."""
    logo = session.get(CouncilLogo, id_of(place))
    if logo is None:
        return None
    if logo.media_type == "image/svg+xml":
        return logo.content.decode("utf-8")
    data = base64.b64encode(logo.content).decode("ascii")
    alt = escape(f"{place.name} logo", quote=True)
    return f'<img src="data:image/png;base64,{data}" alt="{alt}" class="app-document__logo-image">'
