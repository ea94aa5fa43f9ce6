"""The strategy document's PDF: a cover, a contents page, page numbers, tagging, and no heading left at the
foot of a page."""

import gc
import threading
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from app.models import Role
from app.services.access import PlaceAccess
from app.services.outputs import document
from app.templating import templates
from tests.conftest import World
from tests.factories import make_action


@pytest.fixture
def pages(session: Session, world: World) -> list[list[tuple[str, str]]]:
    """Each page of the draft document as (element tag, text) pairs, in order, margins included."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    for number in range(40):  # enough actions to run over several pages
        make_action(session, strategy=world.strategy, actor=world.users["officer"], title=f"Action {number}")
    session.commit()
    access = PlaceAccess(place=world.place, user=world.users["officer"], role=Role.officer)
    doc = document.build_document(
        session=session,
        access=access,
        strategy=world.strategy,
        source="draft",
        file_format="pdf",
        now=datetime.now(UTC),
    )
    html = templates.env.get_template("document/pdf.html").render(doc=doc)
    rendered = HTML(string=html).render(stylesheets=[CSS(string=document.PRINT_CSS.read_text())])
    found = []
    for page in rendered.pages:
        boxes = []
        for box in page._page_box.descendants():
            text = getattr(box, "text", None)
            if text and text.strip():
                boxes.append((str(getattr(box, "element_tag", "")), text.strip()))
        found.append(boxes)
    return found


def test_cover_then_contents_and_every_page_numbered(pages: list[list[tuple[str, str]]]) -> None:
    assert len(pages) >= 3
    assert "DRAFT." in [text for _, text in pages[0]]
    assert pages[1][0][1] == "Contents"
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in [text for _, text in page]


def test_no_heading_is_the_last_thing_on_a_page(pages: list[list[tuple[str, str]]]) -> None:
    for page in pages[:-1]:
        body = [
            tag for tag, text in page if not text.startswith(("Page ", "Cohesion Strategy Toolkit", "DRAFT:"))
        ]
        assert body[-1] not in {"h1", "h2", "h3", "h4"}, body[-5:]


def test_while_pdfs_are_drawn_the_collector_runs_less_often_and_is_put_back_after_the_last() -> None:
    usual = gc.get_threshold()
    first_in, second_in = threading.Event(), threading.Event()
    first_may_leave, second_may_leave = threading.Event(), threading.Event()
    seen: dict[str, tuple[int, ...]] = {}

    def draw(name: str, inside: threading.Event, may_leave: threading.Event) -> None:
        with document.drawing():
            seen[name] = gc.get_threshold()
            inside.set()
            may_leave.wait(timeout=10)

    first = threading.Thread(target=draw, args=("first", first_in, first_may_leave))
    second = threading.Thread(target=draw, args=("second", second_in, second_may_leave))
    first.start()
    assert first_in.wait(timeout=10)
    second.start()
    assert second_in.wait(timeout=10)
    first_may_leave.set()  # the first to start leaves first: the second is still drawing
    first.join(timeout=10)
    assert gc.get_threshold()[0] == document.DRAWING_THRESHOLD
    second_may_leave.set()
    second.join(timeout=10)
    assert seen["first"] == seen["second"] == (document.DRAWING_THRESHOLD, *usual[1:])
    assert gc.get_threshold() == usual


def test_the_collector_is_put_back_when_drawing_fails() -> None:
    usual = gc.get_threshold()
    with pytest.raises(ValueError), document.drawing():
        raise ValueError("WeasyPrint gave up")
    assert gc.get_threshold() == usual
