"""A fictional tension log for the first demo place: a few entries over recent weeks, a rumour with a
drafted response, each ward's level this week and a place-wide level shared with councillors. The demo
officer and facilitator are given the tension log there; the councillor is not (and would see no entry)."""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.models import Area, Membership, Place, RumourResponse, TensionEntry, User, WeeklyLevel
from app.models.base import id_of
from app.models.tensions import TensionLevel
from app.services.records.versioning import create_record
from app.services.tensions.log import index_areas
from app.services.tensions.picture import week_of

# (days before today, title, category, what happened, source, evidence type, spread, impact, status)
ENTRIES = (
    (18, "Argument outside the community centre", "antisocial_behaviour",
     "Two groups of young people argued outside the centre after the football; staff calmed it down.",
     "staff", "evidenced", "contained", 2, "closed"),
    (11, "Leaflets about the hotel left on cars", "migration",
     "Leaflets claiming the hotel will house hundreds more people were left on cars near the station.",
     "resident", "evidenced", "local", 3, "monitoring"),
    (9, "Rumour that the leisure centre will close to residents", "rumour",
     "A post shared widely says the leisure centre will be closed to residents to house new arrivals. "
     "It is not true: the centre's opening hours are unchanged.",
     "social_media", "potential", "online", 4, "open"),
    (4, "Graffiti on the mosque wall", "faith",
     "Offensive graffiti was painted on the side wall of the mosque overnight; it was removed the next day.",
     "partner", "evidenced", "local", 4, "monitoring"),
    (2, "Protest planned outside the hotel", "protest",
     "A group online is calling for a protest outside the hotel on Saturday afternoon.",
     "police", "potential", "online", 3, "open"),
)  # fmt: skip


def _give_permission(session: Session, place: Place, users: list[User]) -> None:
    for user in users:
        membership = session.exec(
            select(Membership).where(Membership.user_id == user.id, Membership.place_id == place.id)
        ).first()
        if membership is not None and not membership.tension_log:
            membership.tension_log = True
            session.add(membership)


def seed_tensions(session: Session, *, place: Place, officer: User, facilitator: User) -> None:
    """Skipped when the place's log already has entries (safe to run again)."""
    _give_permission(session, place, [officer, facilitator])
    if session.exec(select(TensionEntry.id).where(TensionEntry.place_id == place.id)).first():
        return
    areas = list(session.exec(select(Area).where(Area.place_id == place.id).order_by(col(Area.id))).all())
    today = date.today()
    entries = []
    for number, (days, title, category, what, source, evidence, spread, impact, status) in enumerate(ENTRIES):
        entries.append(
            create_record(
                session=session,
                actor=officer,
                note="Demo data",
                record=TensionEntry(
                    place_id=id_of(place),
                    observed_on=today - timedelta(days=days),
                    title=title,
                    category=category,  # type: ignore[arg-type]
                    area_ids=[id_of(areas[number % 3])],
                    what_happened=what,
                    source=source,  # type: ignore[arg-type]
                    evidence_type=evidence,  # type: ignore[arg-type]
                    spread=spread,  # type: ignore[arg-type]
                    impact=impact,
                    status=status,  # type: ignore[arg-type]
                ),
            )
        )
        index_areas(session, entries[-1])
    create_record(
        session=session,
        actor=officer,
        note="Demo data",
        record=RumourResponse(
            place_id=id_of(place),
            entry_id=id_of(entries[2]),
            draft="The leisure centre is open to everyone as usual. Its hours and prices have not changed.",
            drafted_by_id=officer.id,
        ),
    )
    week = week_of(today)
    for area, level, reason in (
        (areas[0], "medium", "Argument at the community centre dealt with; leaflets still turning up."),
        (areas[1], "high", "Leaflets about the hotel and a protest being organised online."),
        (areas[2], "high", "Graffiti on the mosque; partners are visiting this week."),
    ):
        create_record(
            session=session,
            actor=officer,
            note="Demo data",
            record=WeeklyLevel(
                place_id=id_of(place),
                area_id=area.id,
                week_start=week,
                level=TensionLevel(level),
                reason=reason,
            ),
        )
    create_record(
        session=session,
        actor=officer,
        note="Demo data",
        record=WeeklyLevel(
            place_id=id_of(place),
            week_start=week - timedelta(days=7),
            level="medium",  # type: ignore[arg-type]
            reason="Some tension around the hotel; partners are working together and residents are being kept informed.",
            published=True,
        ),
    )
