"""The tension log's pages: entries with redaction, history and 409; rumours answered with a second
person's sign-off; the weekly picture; the export; the permission on the admin page; and a councillor
who never sees an entry's text anywhere."""

import re
from datetime import timedelta

from fastapi.routing import APIRoute, iter_route_contexts
from sqlmodel import Session, col, func, select

from app.models import AuditEvent, Membership, TensionEntry, WeeklyLevel
from app.services.outputs.export_lists import LISTS
from app.stages import STAGES
from tests.conftest import World
from tests.pages import check_page
from tests.tension_factories import SECRET_MARKER


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/tensions"


def _entry_form(world: World, **changes: object) -> dict[str, object]:
    day = world.tension.week
    return {
        "observed_on-day": str(day.day),
        "observed_on-month": str(day.month),
        "observed_on-year": str(day.year),
        "title": "Stickers at the bus station",
        "category": "race",
        "area_ids": [str(world.area.id)],
        "what_happened": "Stickers seen; my name is Alex Example, call 07700 900123.",
        "source": "partner",
        "evidence_type": "evidenced",
        "spread": "local",
        "impact": "2",
        "status": "open",
        **changes,
    }


def _audits(session: Session, action: str) -> list[str]:
    return list(
        session.exec(
            select(AuditEvent.detail).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        ).all()
    )


def test_an_officer_logs_an_entry_redacted_and_its_view_is_audited(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("tension_officer")
    response = officer.post_form(f"{_base(world)}/new", _entry_form(world))
    assert response.status_code == 303
    page = check_page(officer.get(response.headers["location"]))
    assert page.texts("main h1") == ["Stickers at the bus station"]
    text = page.text("#entry")
    assert "07700 900123" not in text and "Alex Example" not in text
    assert "[name removed]" in text
    assert _audits(session, "tension_view")[-1] == "Viewed tension log entry “Stickers at the bus station”"
    listing = check_page(officer.get(f"{_base(world)}/?status=open&area={world.area.id}"))
    assert "Stickers at the bus station" in listing.texts("#entries td a")


def test_bad_input_is_refused_and_nothing_is_saved(client_for, world: World, session: Session) -> None:
    officer = client_for("tension_officer")
    before = session.exec(select(func.count()).select_from(TensionEntry)).one()
    page = check_page(
        officer.post_form(
            f"{_base(world)}/new",
            _entry_form(
                world, title="", impact="9", area_ids=[], earlier_entry_ids=[str(world.tension.rumour.id)]
            ),
        )
    )
    assert page.status == 400
    assert page.errors == ["Enter short description", "Select at least one area", "Impact must be 5 or less"]
    assert page.value("what_happened") is not None
    assert session.exec(select(func.count()).select_from(TensionEntry)).one() == before


def test_only_a_rumour_links_to_earlier_entries(client_for, world: World) -> None:
    officer = client_for("tension_officer")
    form = _entry_form(world, earlier_entry_ids=[str(world.tension.rumour.id)])
    page = check_page(officer.post_form(f"{_base(world)}/new", form))
    assert page.errors == ["Only a rumour or misinformation links to earlier entries"]
    response = officer.post_form(f"{_base(world)}/new", {**form, "category": "rumour"})
    assert response.status_code == 303
    earlier = check_page(officer.get(f"{_base(world)}/{world.tension.rumour.id}/"))
    assert "Stickers at the bus station" in earlier.text("#linked")


def test_a_stale_edit_is_refused_with_409_and_the_history_says_what_changed(client_for, world: World) -> None:
    officer = client_for("tension_officer")
    url = f"{_base(world)}/{world.tension.entry.id}/edit"
    form = _entry_form(world, title="Leaflets on parked cars", version="1")
    assert officer.post_form(url, form).status_code == 303
    stale = check_page(officer.post_form(url, {**form, "title": "Another title"}))
    assert stale.status == 409
    history = check_page(
        officer.get(f"/places/{world.place.slug}/history/tension_entry/{world.tension.entry.id}/")
    )
    assert any("Short description changed from" in line for line in history.texts("main li"))


def test_history_of_an_entry_follows_the_log_rule(client_for, world: World, session: Session) -> None:
    path = f"/places/{world.place.slug}/history/tension_entry/{world.tension.entry.id}/"
    assert client_for("officer").get(path).status_code == 404
    assert client_for("facilitator").get(path).status_code == 404
    # A councillor reads no history at all (403 for every kind and id), so this says nothing of the entry.
    assert client_for("tension_councillor").get(path).status_code == 403
    assert client_for("tension_facilitator").get(path).status_code == 200
    assert _audits(session, "tension_view")[-1].startswith("Viewed the history of tension log entry")
    restore = f"{path}restore?transaction_id=1"
    assert client_for("tension_facilitator").get(restore).status_code == 403
    assert client_for("officer").get(restore).status_code == 404


def test_the_sign_off_needs_a_second_person(client_for, world: World, session: Session) -> None:
    drafter, signer = client_for("tension_officer"), client_for("tension_signer")
    entry_url = f"{_base(world)}/{world.tension.rumour.id}/"
    page = check_page(drafter.get(entry_url))
    assert "Not yet: someone other than the drafter must sign it off" in page.text("#response-details")
    assert not page.select("form[action$='/response/sign-off']")  # no button for the drafter
    refused = drafter.post_form(f"{entry_url}response/sign-off", {"version": "1"})
    assert refused.status_code == 303
    session.refresh(world.tension.response)
    assert world.tension.response.signed_off_by_id is None
    assert signer.post_form(f"{entry_url}response/sign-off", {"version": "1"}).status_code == 303
    session.refresh(world.tension.response)
    assert world.tension.response.signed_off_by_id == world.users["tension_signer"].id
    day = world.tension.week + timedelta(days=1)
    response = signer.post_form(
        f"{entry_url}response/published",
        {
            "published_on-day": str(day.day),
            "published_on-month": str(day.month),
            "published_on-year": str(day.year),
            "published_where": "Council website",
            "version": "2",
        },
    )
    assert response.status_code == 303
    details = check_page(signer.get(entry_url)).text("#response-details")
    assert "Published 1 day after it was first reported" in details
    assert "By Tension Signer" in details


def test_the_weekly_picture_suggests_and_an_officer_sets_and_shares(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("tension_officer")
    week = world.tension.week.isoformat()
    page = check_page(officer.get(f"{_base(world)}/picture/?week={week}&area={world.area.id}"))
    rows = {row[0]: row for row in (r.split(" ", 1) for r in page.texts("#picture tbody th"))}
    assert "Northfield" in rows
    assert "2 entries this week." in page.text("#picture")
    assert page.select("#over-time ~ .app-chart svg title")
    assert page.texts("#levels-table thead th") == ["Week beginning", "Whole place", "Northfield"]
    assert "Northfield: high in the week beginning" in page.text("#chart-summary")
    form = check_page(officer.get(f"{_base(world)}/picture/{week}/level"))
    assert "Suggested from this week's entries" in form.text("#suggestion")
    response = officer.post_form(
        f"{_base(world)}/picture/{week}/level",
        {"level": "high", "reason": "Protest planned on Saturday", "published": "on"},
    )
    assert response.status_code == 303
    councillor = check_page(client_for("councillor").get(f"/places/{world.place.slug}/"))
    assert "Protest planned on Saturday" in councillor.text("#tensions ~ p")
    assert "High" in councillor.text("#published-level")
    ward = officer.post_form(
        f"{_base(world)}/picture/{week}/level?area={world.area.id}",
        {"level": "low", "reason": "Quiet", "published": "on", "version": "1"},
    )
    assert check_page(ward).errors == ["Only the place-wide level is shared with councillors"]


def test_an_unshared_place_level_is_not_shown_to_councillors(
    client_for, world: World, session: Session
) -> None:
    world.tension.place_level.published = False
    session.add(world.tension.place_level)
    session.commit()
    page = check_page(client_for("councillor").get(f"/places/{world.place.slug}/"))
    assert not page.select("#tensions")


def test_the_export_is_for_the_period_audited_and_without_personal_details(
    client_for, world: World, session: Session
) -> None:
    facilitator = client_for("tension_facilitator")
    day = world.tension.week
    query = (
        f"date_from-day={day.day}&date_from-month={day.month}&date_from-year={day.year}"
        f"&date_to-day={day.day}&date_to-month={day.month}&date_to-year={day.year}"
    )
    page = check_page(facilitator.get(f"{_base(world)}/export/?{query}"))
    assert page.texts("#downloads a") == ["Entries (CSV)", "Weekly levels (CSV)", "Entries and levels (PDF)"]
    response = facilitator.get(f"{_base(world)}/export/entries.csv?{query}")
    assert response.status_code == 200
    assert "Leisure centre" in response.text or "leisure centre" in response.text
    assert "Drafted by" not in response.text
    pdf = facilitator.get(f"{_base(world)}/export/tension-log.pdf?{query}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    details = _audits(session, "export")
    assert details[-2].startswith("Tension log export (entries as CSV)")
    assert details[-1].startswith("Tension log export (PDF)")
    bad = check_page(facilitator.get(f"{_base(world)}/export/levels.csv?date_from-day=40"))
    assert bad.status == 400 and "From must be a real date" in bad.errors


def test_an_administrator_gives_the_permission(client_for, world: World, session: Session) -> None:
    admin = client_for("admin")
    response = admin.post_form(
        f"/admin/places/{world.place.slug}/memberships",
        {"user_id": str(world.users["officer"].id), "role": "officer", "tension_log": "on"},
    )
    assert response.status_code == 303
    membership = session.exec(select(Membership).where(Membership.user_id == world.users["officer"].id)).one()
    session.refresh(membership)
    assert membership.tension_log
    assert _audits(session, "role_given")[-1].endswith("with the tension log")
    assert client_for("officer").get(f"{_base(world)}/").status_code == 200


def test_an_entry_is_evidence_on_its_struggle_for_permission_holders_only(client_for, world: World) -> None:
    path = (
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}/mapping/struggles/{world.struggle.id}/"
    )
    holder = check_page(client_for("tension_officer").get(path))
    assert holder.texts("#tension-evidence li a") == [world.tension.entry.title]
    assert not check_page(client_for("officer").get(path)).select("#tension-evidence")
    grid = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/mapping/grid/"
    assert "High" in check_page(client_for("tension_facilitator").get(grid)).text("#tension-levels")
    assert not check_page(client_for("facilitator").get(grid)).select("#tension-levels")


def test_the_overview_shows_shared_levels_only(client_for, world: World, session: Session) -> None:
    page = check_page(client_for("facilitator").get("/overview/"))
    assert page.texts("#shared-tension-levels tbody th") == ["Northmoor"]
    assert "Calmer after the protest" in page.text("#shared-tension-levels")
    world.tension.place_level.published = False
    session.add(world.tension.place_level)
    session.commit()
    assert not check_page(client_for("facilitator").get("/overview/")).select("#shared-tension-levels")


# --- A councillor never sees an entry's text ---------------------------------------------------------------


def _get_paths(app, world: World) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET route of the app with its path filled in from the world, each list and stage as well."""
    values: dict[str, list[str]] = {
        "place_slug": [world.place.slug],
        "strategy_slug": [world.strategy.slug],
        "entry_id": [str(world.tension.entry.id), str(world.tension.rumour.id)],
        "week": [world.tension.week.isoformat()],
        "part": ["entries", "levels"],
        "kind": ["tension_entry", "rumour_response", "weekly_level", "struggle"],
        "record_id": [str(world.tension.entry.id), str(world.tension.response.id), str(world.struggle.id)],
        "edition_id": [str(world.edition.id)],
        "list_name": [export.name for export in LISTS],
        "records": ["strengths", "struggles"],
        "stage": [stage.slug for stage in STAGES],
        "area_id": [str(world.area.id)],
        "target_kind": ["struggle"],
        "target_id": [str(world.struggle.id)],
        "action_id": [str(world.action.id)],
        "priority_id": [str(world.priority.id)],
        "indicator_id": [str(world.indicator.id)],
        "exercise_id": [str(world.exercise.id)],
        "voice_id": [str(world.voice.id)],
        "library_key": ["get-on-well"],
        "user_id": [str(world.users["councillor"].id)],
        "token": ["none"],
    }
    paths = [""]
    found: list[str] = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute) or "GET" not in (context.methods or ()):
            continue
        paths = [context.path or ""]
        for name in re.findall(r"{(\w+)(?::\w+)?}", context.path or ""):
            paths = [
                re.sub(r"{" + name + r"(?::\w+)?}", value, path) for path in paths for value in values[name]
            ]
        found.extend(paths)
    return found


def test_a_councillor_never_sees_entry_text_anywhere(app, client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    day = world.tension.week
    period = (
        f"?date_from-day={day.day}&date_from-month={day.month}&date_from-year={day.year}"
        f"&date_to-day={day.day}&date_to-month={day.month}&date_to-year={day.year}"
    )
    for persona in ("councillor", "tension_councillor"):
        client = client_for(persona)
        seen: set[str] = set()
        queue = [*_get_paths(app, world), f"{_base(world)}/export/entries.csv{period}"]
        while queue and len(seen) < 600:
            path = queue.pop()
            if path in seen or path.startswith(("/logout", "/login")):
                continue
            seen.add(path)
            response = client.get(path)
            assert SECRET_MARKER not in response.text, f"{persona} saw an entry's text at {path}"
            assert "What happened" not in response.text or "tensions" not in path, path
            if "text/html" in response.headers.get("content-type", ""):
                for link in re.findall(r'href="(/[^"#]*)"', response.text):
                    if link not in seen and not link.startswith("/static"):
                        queue.append(link.replace("&amp;", "&"))
        assert len(seen) > 60, f"the crawl as {persona} reached too few pages: {len(seen)}"
    # The marker is really there for someone with the permission, so the crawl could have found it.
    assert SECRET_MARKER in client_for("tension_officer").get(f"{_base(world)}/").text


def test_levels_over_many_weeks_are_drawn_with_their_table(
    client_for, world: World, session: Session
) -> None:
    session.add(
        WeeklyLevel(
            place_id=world.place.id,  # type: ignore[arg-type]
            week_start=world.tension.week - timedelta(days=14),
            level="critical",  # type: ignore[arg-type]
            reason="Disorder",
        )
    )
    session.commit()
    page = check_page(client_for("tension_facilitator").get(f"{_base(world)}/picture/"))
    rows = page.texts("#levels-table tbody tr")
    assert len(rows) == 12
    assert any(row.endswith("Critical") for row in rows)
    assert "down from a high of critical" in page.text("#chart-summary")
