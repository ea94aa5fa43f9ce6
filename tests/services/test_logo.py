"""The council's logo: an SVG keeps its drawing and loses anything that could run or fetch; a PNG is kept."""

import pytest
from sqlmodel import Session

from app.errors import FieldError
from app.services import logo
from tests.conftest import World

HOSTILE = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"
     onload="alert(1)">
  <script>alert(2)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1d70b8"/></linearGradient></defs>
  <rect width="10" height="10" fill="url(#g)" onclick="alert(3)" style="fill:url(https://evil.example/x)"/>
  <circle r="3" fill="url(https://evil.example/paint)"/>
  <image xlink:href="https://evil.example/tracker.png" width="1" height="1"/>
  <use href="https://evil.example/sprite.svg#a"/>
  <foreignObject><p>html</p></foreignObject>
  <a href="javascript:alert(4)"><text x="1" y="5">Northmoor</text></a>
  <text x="1" y="9">Council</text>
</svg>"""
BOMB = b"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""


def test_an_svg_keeps_its_drawing_and_loses_scripts_handlers_and_external_references() -> None:
    clean = logo.sanitise_svg(HOSTILE).decode()
    for gone in ("script", "alert", "onload", "onclick", "style", "evil.example", "image", "use", "foreignObject",
                 "javascript", "<a"):  # fmt: skip
        assert gone not in clean, gone
    assert 'fill="url(#g)"' in clean and "<rect" in clean and "<linearGradient" in clean
    assert ">Council</text>" in clean
    assert 'aria-label="Council logo"' in clean


@pytest.mark.parametrize("content", [BOMB, b"<html><body>not a logo</body></html>", b"<svg"])
def test_entities_and_what_is_not_an_svg_are_refused(content: bytes) -> None:
    with pytest.raises(FieldError):
        logo.sanitise_svg(content)


def test_a_png_is_kept_and_anything_else_refused(session: Session, world: World) -> None:
    png = logo.PNG_SIGNATURE + b"\x00" * 20
    saved = logo.save_logo(session=session, place=world.place, filename="crest.png", content=png)
    assert (saved.media_type, saved.content) == ("image/png", png)
    markup = logo.logo_markup(session=session, place=world.place) or ""
    assert markup.startswith('<img src="data:image/png;base64,') and 'alt="Northmoor logo"' in markup
    with pytest.raises(FieldError, match="PNG or SVG"):
        logo.save_logo(session=session, place=world.place, filename="crest.gif", content=b"GIF89a....")
    with pytest.raises(FieldError, match="smaller than"):
        logo.save_logo(session=session, place=world.place, filename="big.png", content=png * 30000)


def test_the_logo_goes_on_the_cover_of_the_pdf_without_fetching(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
    response = officer.post(
        f"{base}/narrative/logo",
        data={"csrf_token": officer.csrf},
        files={"logo": ("crest.svg", HOSTILE, "image/svg+xml")},
    )
    assert response.status_code == 303
    page = officer.get(f"{base}/document")
    assert ">Council</text>" in page.text and "evil.example" not in page.text
    pdf = officer.get(f"{base}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
