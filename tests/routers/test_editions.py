"""Edition pages: publish with a clear answer to bad input, view frozen, compare; deleting keeps history."""

from sqlmodel import Session, select

from app.models import AuditEvent, Edition
from tests.conftest import World
from tests.factories import make_action
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def test_publish_an_edition_and_see_it_listed_and_audited(client_for, session: Session, world: World) -> None:
    officer = client_for("officer")
    form = check_page(officer.get(f"{_base(world)}/editions/publish/mapping"))
    assert form.texts("h1") == ["Publish an edition of map strengths and struggles"]
    fields = {
        "title": "Strengths and struggles, agreed by the partnership board",
        "decided_on-day": "12",
        "decided_on-month": "3",
        "decided_on-year": "2099",
        "note": "First agreed map",
    }
    refused = check_page(officer.post_form(f"{_base(world)}/editions/publish/mapping", fields))
    assert refused.status == 400
    assert refused.field_errors()["decided_on"].startswith(
        "The date of the decision must be today or in the past"
    )
    assert refused.value("title") == fields["title"]
    response = officer.post_form(
        f"{_base(world)}/editions/publish/mapping", {**fields, "decision_to_come": "on"}
    )
    assert response.status_code == 303
    page = check_page(officer.get(response.headers["location"]))
    assert page.texts("h1") == ["Strengths and struggles, agreed by the partnership board"]
    assert "12 March 2099 (decision still to come)" in page.text()
    assert "Youth club" in page.text() or world.strength.name in page.text()
    listing = check_page(officer.get(f"{_base(world)}/editions/"))
    assert "Strengths and struggles, agreed by the partnership board" in listing.text()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "publish")).all()
    assert any("partnership board" in e.detail for e in event)


def test_publish_with_no_title_or_an_empty_stage_is_refused_with_an_error_summary(
    client_for, world: World
) -> None:
    officer = client_for("officer")
    page = check_page(
        officer.post_form(f"{_base(world)}/editions/publish/plan", {"title": "", "note": "kept"})
    )
    assert page.status == 400
    assert page.errors == ["Enter a title of this edition"] or len(page.errors) == 1
    assert page.value("note") == "kept"
    page = check_page(officer.post_form(f"{_base(world)}/editions/publish/progress", {"title": "Too early"}))
    assert page.status == 400
    assert page.errors == ["There is nothing in this stage to publish yet. Add a record first."]
    assert page.value("title") == "Too early"
    assert officer.get(f"{_base(world)}/editions/publish/nonsense").status_code == 404


def test_councillor_sees_the_edition_but_no_drafts_and_no_voice_text(
    client_for, session: Session, world: World
) -> None:
    officer = client_for("officer")
    officer.post_form(f"{_base(world)}/editions/publish/listening", {"title": "What we heard"})
    listening = session.exec(select(Edition).where(Edition.stage == "listening")).one()
    make_action(session, strategy=world.strategy, actor=world.users["officer"], title="Draft-only action")
    session.commit()

    councillor = client_for("councillor")
    plan = check_page(councillor.get(f"{_base(world)}/editions/{world.edition.id}/"))
    assert "Open iftar programme" in plan.text()
    assert "Draft-only action" not in plan.text()
    assert not plan.select("main form[method=post]")
    heard = check_page(councillor.get(f"{_base(world)}/editions/{listening.id}/"))
    assert world.voice.text not in heard.text()
    assert "fewer than 10 voices were recorded" in heard.text(), "1 to 9 reads fewer than 10"
    home = check_page(councillor.get(f"{_base(world)}/"))
    assert home.links()["Plan actions with partners"].endswith(f"/editions/{world.edition.id}/")
    assert "Map strengths and struggles" not in home.links(), (
        "mapping has no edition: no link for councillors"
    )


def test_compare_an_edition_with_the_current_draft(client_for, session: Session, world: World) -> None:
    make_action(session, strategy=world.strategy, actor=world.users["officer"], title="Youth mentoring")
    session.commit()
    officer = client_for("officer")
    page = check_page(
        officer.get(
            f"{_base(world)}/editions/compare", params={"from_id": world.edition.id, "to_id": "draft"}
        )
    )
    assert page.texts(".app-compare-added li") == ["Youth mentoring"]
    councillor = client_for("councillor")
    response = councillor.get(
        f"{_base(world)}/editions/compare", params={"from_id": world.edition.id, "to_id": "draft"}
    )
    assert response.status_code == 404, "a councillor cannot compare with drafts"


def test_deleting_a_record_keeps_its_history_and_the_edition(
    client_for, session: Session, world: World
) -> None:
    officer = client_for("officer")
    history = f"/places/{world.place.slug}/history/action/{world.action.id}/"
    confirm = check_page(officer.get(f"{history}delete"))
    response = officer.post_form(f"{history}delete", {"version": confirm.value("version") or ""})
    assert response.status_code == 303
    assert response.headers["location"].endswith("/plan/")
    page = check_page(officer.get(history))
    assert "was deleted" in page.text()
    assert page.texts(".app-history__meta")[0].startswith("Deleted by Olu Officer")
    assert not page.select("main form[method=post]"), "a deleted record has nothing to restore"
    edition = check_page(officer.get(f"{_base(world)}/editions/{world.edition.id}/"))
    assert "Open iftar programme" in edition.text()


def test_a_record_others_depend_on_is_not_deleted(client_for, session: Session, world: World) -> None:
    make_action(session, strategy=world.strategy, actor=world.users["officer"], parent=world.action)
    session.commit()
    officer = client_for("officer")
    history = f"/places/{world.place.slug}/history/action/{world.action.id}/"
    confirm = check_page(officer.get(f"{history}delete"))
    page = check_page(officer.post_form(f"{history}delete", {"version": confirm.value("version") or ""}))
    assert page.status == 409
    assert "1 action" in page.text()
    assert (
        officer.get(f"/places/{world.place.slug}/history/strategy/{world.strategy.id}/delete").status_code
        == 404
    )
