"""Cross-site scripting: a script saved in every text field comes back escaped on every page an officer reaches."""

from collections import deque
from datetime import date
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from sqlmodel import Session

from app.models import Measurement
from app.services.records import versioning
from tests.conftest import World

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<script>alert(", "<img src=x onerror")


def _poison(session: Session, world: World) -> None:
    officer = world.users["officer"]
    records_and_fields = [
        (world.strategy, {"title": "Strategy " + PAYLOAD}),
        (world.area, {"name": "Area " + PAYLOAD}),
        (world.exercise, {"title": "Exercise " + PAYLOAD, "partners": PAYLOAD, "notes": PAYLOAD}),
        (world.voice, {"text": "Voice " + PAYLOAD}),
        (world.strength, {"name": "Strength " + PAYLOAD, "organisation": PAYLOAD, "description": PAYLOAD}),
        (
            world.struggle,
            {"title": "Struggle " + PAYLOAD, "description": PAYLOAD, "groups_affected": PAYLOAD},
        ),
        (world.priority, {"outcome": "Priority " + PAYLOAD, "description": PAYLOAD}),
        (
            world.action,
            {
                "title": "Action " + PAYLOAD,
                "description": PAYLOAD,
                "lead_organisation": PAYLOAD,
                "partners": PAYLOAD,
                "milestones": [{"title": PAYLOAD, "due": "2026-09-30", "done": False}],
                "risks": [
                    {"description": PAYLOAD, "likelihood": "high", "impact": "high", "mitigation": PAYLOAD}
                ],
            },
        ),
        (
            world.indicator,
            {"name": "Indicator " + PAYLOAD, "definition": PAYLOAD, "story": PAYLOAD, "what_works": PAYLOAD},
        ),
    ]
    for record, changes in records_and_fields:
        versioning.save_record(
            session=session,
            record=record,
            actor=officer,
            changes=changes,
            expected_version=None,
            note=PAYLOAD,
        )
    for value, day in ((40.0, 1), (45.0, 2)):
        versioning.create_record(
            session=session,
            actor=officer,
            record=Measurement(
                place_id=world.place.id,  # type: ignore[arg-type]
                strategy_id=world.strategy.id,  # type: ignore[arg-type]
                indicator_id=world.indicator.id,  # type: ignore[arg-type]
                measured_on=date(2026, day, 28),
                value=value,
                source=PAYLOAD,
                notes=PAYLOAD,
            ),
        )
    session.commit()


def test_a_saved_script_is_escaped_on_every_page(client_for, session: Session, world: World) -> None:
    _poison(session, world)
    officer = client_for("officer")
    start = "/places/"
    seen: set[str] = {start}
    queue: deque[str] = deque([start])
    escaped_somewhere = 0
    while queue:
        path = queue.popleft()
        response = officer.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        kind = response.headers.get("content-type", "")
        if response.status_code != 200 or "text/html" not in kind:
            continue
        for marker in RAW_MARKERS:
            assert marker not in response.text, f"{path} shows {marker!r} unescaped"
        escaped_somewhere += response.text.count("&lt;script&gt;")
        for link in BeautifulSoup(response.text, "html.parser").select("a[href]"):
            target = urljoin(path, str(link["href"]))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/places/") or "/delete" in parts.path:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and len(seen) < 600:
                seen.add(target)
                queue.append(target)
    assert len(seen) > 40, f"the crawl reached only {len(seen)} pages"
    assert escaped_somewhere > 20, "the payload was not shown (escaped) on the pages: the test proves nothing"
