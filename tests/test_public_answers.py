"""Residents' pages answered from memory (app/public_answers.py): the same answer, with the security
headers, without the database, for a moment; worked out again after it, or at once after a change."""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app import public_answers
from app.schemas.public import PublicPageForm
from app.security import SECURITY_HEADERS
from app.services.public import settings
from tests.routers.test_public import Published, _publish, published  # noqa: F401 - the fixture
from tests.test_query_counts import counting


def test_a_page_read_again_is_answered_without_the_database_with_the_same_headers(
    client_for, published: Published, engine: Engine
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "you-said-we-did/"
    first = anonymous.get(url)
    assert first.status_code == 200
    with counting(engine) as statements:
        again = anonymous.get(url)
        not_modified = anonymous.get(url, headers={"If-None-Match": first.headers["etag"]})
        since = anonymous.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        stale = anonymous.get(url, headers={"If-None-Match": '"another"'})
    assert statements == [], "answered from memory"
    assert again.status_code == 200 and again.content == first.content
    for name in ("etag", "last-modified", "cache-control", "content-language", "content-type"):
        assert again.headers[name] == first.headers[name]
    for name, value in SECURITY_HEADERS:
        assert again.headers[name] == value
    assert "set-cookie" not in again.headers and "x-request-id" in again.headers
    assert not_modified.status_code == 304 and not not_modified.content
    assert not_modified.headers["etag"] == first.headers["etag"]
    assert since.status_code == 304
    assert stale.status_code == 200 and stale.content == first.content


def test_after_a_moment_the_page_is_worked_out_again(
    client_for, published: Published, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "what-we-are-doing/"
    assert anonymous.get(url).status_code == 200
    monkeypatch.setattr(public_answers, "FRESH_SECONDS", 0.0)
    with counting(engine) as statements:
        assert anonymous.get(url).status_code == 200
    assert statements, "the validator is asked again"


def test_publishing_or_switching_off_is_seen_at_once(
    client_for, published: Published, session: Session
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "what-we-are-doing/"
    before = anonymous.get(url).headers["etag"]
    _publish(session, published.world, "plan", "Plan three")
    assert anonymous.get(url).headers["etag"] != before
    settings.save_page(
        session=session,
        place=published.world.place,
        actor=published.world.users["officer"],
        expected_version=_page_version(session, published),
        form=PublicPageForm(enabled=False, contact="x"),
    )
    session.commit()
    assert anonymous.get(url).status_code == 404


def test_signed_in_pages_and_errors_are_never_kept(client_for, published: Published, engine: Engine) -> None:
    officer = client_for("officer")
    place = f"/places/{published.world.place.slug}/"
    assert officer.get(place).status_code == 200
    missing = client_for("anonymous")
    assert missing.get("/p/no-such-place/").status_code == 404
    with counting(engine) as statements:
        assert officer.get(place).headers["cache-control"] == "no-store"
        assert missing.get("/p/no-such-place/").status_code == 404
    assert len(statements) > 1


def _page_version(session: Session, published: Published) -> int | None:
    page = settings.get_page(session=session, place=published.world.place)
    return page.version if page else None
