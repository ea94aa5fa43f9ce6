"""The tension log's cast for tests: people given the permission, and a few entries, a rumour with a
response and levels. Each entry's text carries a marker that a councillor must never see."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from app.models import Area, Place, Role, RumourResponse, Struggle, TensionEntry, User, WeeklyLevel
from app.services.records.versioning import create_record
from app.services.tensions.log import index_areas
from app.services.tensions.picture import week_of
from tests.factories import make_membership, make_user

# The variants of the personas that hold the tension log permission on the world's place.
TENSION_PERSONAS = ("tension_officer", "tension_signer", "tension_facilitator", "tension_councillor")
SECRET_MARKER = "Zephyrine leaflet"


@dataclass
class TensionCast:
    entry: TensionEntry
    rumour: TensionEntry
    response: RumourResponse
    ward_level: WeeklyLevel
    place_level: WeeklyLevel
    week: date


def make_entry(
    session: Session, *, place: Place, actor: User, areas: list[Area], observed_on: date, **values: object
) -> TensionEntry:
    fields: dict[str, object] = {
        "title": f"{SECRET_MARKER} on parked cars",
        "category": "protest",
        "what_happened": f"{SECRET_MARKER} text about the hotel, seen by a resident.",
        "source": "resident",
        "evidence_type": "evidenced",
        "spread": "local",
        "impact": 3,
        "status": "open",
        **values,
    }
    entry = create_record(
        session=session,
        actor=actor,
        record=TensionEntry(
            place_id=place.id, observed_on=observed_on, area_ids=[area.id for area in areas], **fields
        ),  # type: ignore[arg-type]
    )
    index_areas(session, entry)
    return entry


def make_tension_cast(
    session: Session, *, place: Place, area: Area, users: dict[str, User], struggle: Struggle
) -> TensionCast:
    for persona, role in [
        ("tension_officer", Role.officer),
        ("tension_signer", Role.officer),
        ("tension_facilitator", Role.facilitator),
        ("tension_councillor", Role.councillor),
    ]:
        users[persona] = make_user(
            session, email=f"{persona}@example.test", name=persona.replace("_", " ").title()
        )
        membership = make_membership(session, user=users[persona], place=place, role=role)
        membership.tension_log = True
        session.add(membership)
    officer = users["tension_officer"]
    week = week_of(date.today())
    entry = make_entry(
        session, place=place, actor=officer, areas=[area], observed_on=week, struggle_ids=[struggle.id]
    )
    rumour = make_entry(
        session,
        place=place,
        actor=officer,
        areas=[area],
        observed_on=week,
        title=f"{SECRET_MARKER} rumour about the leisure centre",
        category="rumour",
        spread="online",
    )
    response = create_record(
        session=session,
        actor=officer,
        record=RumourResponse(
            place_id=place.id,
            entry_id=rumour.id,
            draft=f"{SECRET_MARKER} response draft",
            drafted_by_id=officer.id,
        ),  # type: ignore[arg-type]
    )
    ward_level = create_record(
        session=session,
        actor=officer,
        record=WeeklyLevel(
            place_id=place.id, area_id=area.id, week_start=week, level="high", reason="Several incidents"
        ),  # type: ignore[arg-type]
    )
    place_level = create_record(
        session=session,
        actor=officer,
        record=WeeklyLevel(
            place_id=place.id,
            week_start=week - timedelta(days=7),
            level="medium",
            reason="Calmer after the protest",
            published=True,
        ),  # type: ignore[arg-type]
    )
    return TensionCast(
        entry=entry,
        rumour=rumour,
        response=response,
        ward_level=ward_level,
        place_level=place_level,
        week=week,
    )
