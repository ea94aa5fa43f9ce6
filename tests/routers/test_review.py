"""Review comments pages: a facilitator comments, the officer sees it where they work, replies and resolves."""

from sqlmodel import Session, select

from app.models import ReviewComment
from tests.conftest import World
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def _comments(world: World, kind: str, target_id: int | None) -> str:
    return f"{_base(world)}/comments/on/{kind}/{target_id}/"


def _only_comment(session: Session, **where: object) -> ReviewComment:
    statement = select(ReviewComment)
    for name, value in where.items():
        statement = statement.where(getattr(ReviewComment, name) == value)
    [comment] = session.exec(statement).all()
    session.refresh(comment)
    return comment


def test_facilitator_comments_and_officer_replies_and_resolves(
    client_for, world: World, session: Session
) -> None:
    facilitator = client_for("facilitator")
    action_page = f"{_base(world)}/plan/actions/{world.action.id}/"
    page = check_page(facilitator.get(action_page))
    assert "No open comments" in page.text("#review-panel")
    comments_url = page.links()["Read, reply to or add comments"]
    assert comments_url == _comments(world, "action", world.action.id)

    page = check_page(facilitator.get(comments_url))
    assert page.texts("h1") == [world.action.title]
    assert not page.select("button[type=submit]:-soup-contains('Resolve')")  # officers only
    response = facilitator.post_form(
        comments_url, {"body": "Who will run the passes with the faith forum?", "next": action_page}
    )
    assert response.status_code == 303
    assert response.headers["location"] == action_page
    comment = _only_comment(session, target_kind="action")
    assert comment.status == "open" and comment.parent_id is None

    # The officer sees it on the strategy home and on the action's page.
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/"))
    assert page.text("#open-comments") == "1 open comment from reviewers."
    assert page.links()["See all review comments"] == f"{_base(world)}/comments/"
    page = check_page(officer.get(action_page))
    assert "1 open comment" in page.text("#review-panel")
    page = check_page(officer.get(f"{_base(world)}/comments/"))
    assert page.text("#comment-" + str(comment.id)).startswith("Femi Facilitator")
    assert "Who will run the passes with the faith forum?" in page.text("#open-comments ~ div")
    assert page.links()[world.action.title] == action_page

    # The officer replies, then resolves from the strategy's list, and is sent back there.
    response = officer.post_form(
        f"{_base(world)}/comments/{comment.id}/reply", {"body": "The faith forum leads; agreed in May."}
    )
    assert response.status_code == 303
    assert response.headers["location"] == comments_url
    reply = _only_comment(session, parent_id=comment.id)
    assert (reply.target_kind, reply.target_id) == ("action", world.action.id)
    page = check_page(officer.get(comments_url))
    assert "Reply from Olu Officer" in page.text(f"#comment-{reply.id}")
    listing = f"{_base(world)}/comments/?show=open"
    response = officer.post_form(
        f"{_base(world)}/comments/{comment.id}/resolve", {"version": str(comment.version), "next": listing}
    )
    assert response.status_code == 303
    assert response.headers["location"] == listing
    page = check_page(officer.get(listing))
    assert "There are no open comments." in page.text()
    assert page.texts("nav[aria-label='Which comments'] a") == ["Open (0)", "Resolved (1)", "All (1)"]
    page = check_page(officer.get(f"{_base(world)}/comments/?show=resolved"))
    assert "Who will run the passes" in page.text("#resolved-comments ~ div")
    page = check_page(officer.get(f"{_base(world)}/"))
    assert page.text("#open-comments") == "No open comments."

    # The comment's history shows who wrote it and the change of status.
    page = check_page(officer.get(f"/places/{world.place.slug}/history/review_comment/{comment.id}/"))
    assert "Status changed from Open to Resolved" in page.text()
    assert page.text("h1") == f"Comment {comment.id}"
    assert "Created by Femi Facilitator" in page.text()

    # Reopening puts it back on the list.
    session.refresh(comment)
    response = officer.post_form(
        f"{_base(world)}/comments/{comment.id}/reopen", {"version": str(comment.version)}
    )
    assert response.status_code == 303
    assert "1 open comment" in check_page(officer.get(action_page)).text("#review-panel")


def test_a_comment_on_the_edition_shows_on_the_edition(client_for, world: World, session: Session) -> None:
    facilitator = client_for("facilitator")
    url = _comments(world, "edition", world.edition.id)
    page = check_page(facilitator.get(url))
    assert page.texts("h1") == [f"Edition 1: {world.edition.title}"]
    assert facilitator.post_form(url, {"body": "Was this the version Cabinet saw?"}).status_code == 303
    officer = client_for("officer")
    edition_page = f"{_base(world)}/editions/{world.edition.id}/"
    page = check_page(officer.get(edition_page))
    assert "1 open comment" in page.text("#review-panel")
    # Councillors see the edition but not the comments on it.
    page = check_page(client_for("councillor").get(edition_page))
    assert not page.select("#review-panel")
    page = check_page(client_for("councillor").get(f"{_base(world)}/"))
    assert not page.select("#review-comments")


def test_an_empty_comment_is_refused_with_an_error_summary(
    client_for, world: World, session: Session
) -> None:
    facilitator = client_for("facilitator")
    url = _comments(world, "struggle", world.struggle.id)
    page = check_page(facilitator.post_form(url, {"body": "   "}))
    assert page.status == 400
    assert page.errors == ["Enter your comment"]
    assert page.select(".govuk-error-summary a[href='#body']")
    assert session.exec(select(ReviewComment)).all() == []
    page = check_page(facilitator.post_form(url, {"body": "\x00"}))  # PostgreSQL cannot store it
    assert (page.status, page.errors) == (400, ["Enter your comment"])
    too_long = "x" * 5001
    page = check_page(facilitator.post_form(url, {"body": too_long}))
    assert page.status == 400
    assert page.value("body") == too_long  # what was typed is kept


def test_an_empty_reply_is_refused_on_its_thread(client_for, world: World, session: Session) -> None:
    facilitator = client_for("facilitator")
    url = _comments(world, "voice", world.voice.id)
    facilitator.post_form(url, {"body": "Is this quote from the pop-up or the survey?"})
    comment = _only_comment(session)
    officer = client_for("officer")
    page = check_page(officer.post_form(f"{_base(world)}/comments/{comment.id}/reply", {"body": ""}))
    assert page.status == 400
    assert page.errors == ["Enter your reply"]
    assert page.select(f".govuk-error-summary a[href='#reply-{comment.id}']")
    assert page.field_errors() == {f"reply-{comment.id}": "Enter your reply"}


def test_comments_on_another_places_record_are_not_found(client_for, world: World) -> None:
    facilitator = client_for("facilitator")
    other_voice = _comments(world, "voice", world.other_voice.id)
    assert facilitator.get(other_voice).status_code == 404
    assert facilitator.post_form(other_voice, {"body": "Sneaky"}).status_code == 404
    assert (
        facilitator.post_form(_comments(world, "strategy", world.strategy.id), {"body": "x"}).status_code
        == 404
    )
    assert facilitator.get(_comments(world, "action", 10**8)).status_code == 404
    # Another place's officer cannot even see that the place has comments.
    other = client_for("other_place_officer")
    assert other.get(f"{_base(world)}/comments/").status_code == 404
    url = _comments(world, "action", world.action.id)
    assert other.post_form(url, {"body": "Hello"}).status_code == 404


def test_councillor_may_not_comment_and_facilitator_may_not_resolve(
    client_for, world: World, session: Session
) -> None:
    url = _comments(world, "action", world.action.id)
    assert client_for("councillor").post_form(url, {"body": "My view"}).status_code == 403
    facilitator = client_for("facilitator")
    facilitator.post_form(url, {"body": "Please check the budget."})
    comment = _only_comment(session)
    response = facilitator.post_form(
        f"{_base(world)}/comments/{comment.id}/resolve", {"version": str(comment.version)}
    )
    assert response.status_code == 403
    session.refresh(comment)
    assert comment.status == "open"


def test_a_stale_resolve_is_refused_with_409(client_for, world: World, session: Session) -> None:
    client_for("facilitator").post_form(_comments(world, "action", world.action.id), {"body": "Budget?"})
    comment = _only_comment(session)
    loaded = comment.version
    officer = client_for("officer")
    resolve = f"{_base(world)}/comments/{comment.id}/resolve"
    assert officer.post_form(resolve, {"version": str(loaded)}).status_code == 303
    assert (
        officer.post_form(
            f"{_base(world)}/comments/{comment.id}/reopen", {"version": str(loaded + 1)}
        ).status_code
        == 303
    )
    page = check_page(officer.post_form(resolve, {"version": str(loaded)}))
    assert page.status == 409
    assert "This comment changed while you were looking at it" in page.text()
    session.refresh(comment)
    assert comment.status == "open"


def test_next_must_be_one_of_our_pages(client_for, world: World) -> None:
    facilitator = client_for("facilitator")
    url = _comments(world, "action", world.action.id)
    for wanted in ("https://evil.example/", "//evil.example/places/", "/admin/", "/places\\..\\x"):
        response = facilitator.post_form(url, {"body": "Fine", "next": wanted})
        assert response.status_code == 303
        assert response.headers["location"] == url


def test_record_pages_show_the_panel(client_for, world: World) -> None:
    officer = client_for("officer")
    for path in (
        f"/plan/indicators/{world.indicator.id}/",
        f"/mapping/struggles/{world.struggle.id}/",
        f"/mapping/strengths/{world.strength.id}/",
        f"/listening/voices/{world.voice.id}/",
        f"/listening/exercises/{world.exercise.id}/",
    ):
        page = check_page(officer.get(_base(world) + path))
        assert page.select("#review-panel a[href*='/comments/on/']"), path
