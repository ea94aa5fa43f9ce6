"""Fictional action plans for the demo places; the first places are further along than the rest."""

from datetime import date

from sqlmodel import Session, select

from app.models import Action, ActionStatus, FundingSource, Priority, Strategy, Struggle, User
from app.models.base import id_of
from app.services.plan import indicators as plan_indicators
from app.services.records.versioning import create_record

# (outcome, struggle title it answers, [(action title, lead, budget, source, status, percent, milestones)])
ActionSeed = tuple[str, str, int | None, str, str, int, list[tuple[str, date, bool]]]
PLAN: list[tuple[str, str, list[ActionSeed]]] = [
    (
        "People from different backgrounds meet and mix in shared spaces",
        "People cannot afford to take part",
        [
            (
                "Free family passes for summer events",
                "Council leisure team",
                18000,
                "pride_in_place",
                "on_track",
                40,
                [
                    ("Passes designed with residents", date(2026, 6, 30), True),
                    ("First events", date(2026, 8, 15), False),
                ],
            ),
            (
                "Open iftar and community lunches",
                "Faith forum",
                6000,
                "partner",
                "on_track",
                60,
                [("Venues agreed", date(2026, 9, 30), True)],
            ),
        ],
    ),
    (
        "Young people have safe places to go in the evening",
        "Nothing for young people to do in the evenings",
        [
            (
                "Reopen the youth club three nights a week",
                "Youth service",
                42000,
                "council_core",
                "at_risk",
                20,
                [("Youth workers recruited", date(2026, 10, 31), False)],
            ),
            ("Sports hall open in school holidays", "Trust schools", 9000, "grant", "not_started", 0, []),
        ],
    ),
    (
        "Tension over asylum accommodation is eased through facts and contact",
        "Tension over the hotel used for asylum accommodation",
        [
            (
                "Monthly residents' drop-in with the hotel and police",
                "Council cohesion team",
                3000,
                "council_core",
                "on_track",
                50,
                [
                    ("First drop-in", date(2026, 6, 12), True),
                    ("Review with residents", date(2027, 1, 20), False),
                ],
            ),
            ("Rumour-busting posts within a day", "Council communications", None, "none", "on_track", 70, []),
        ],
    ),
]


def seed_plan(session: Session, *, strategy: Strategy, actor: User, index: int) -> None:
    """Plans for the first six places only; the first three have all three priorities."""
    if index >= 6 or session.exec(select(Priority.id).where(Priority.strategy_id == strategy.id)).first():
        return
    struggles = {
        s.title: s for s in session.exec(select(Struggle).where(Struggle.strategy_id == strategy.id)).all()
    }
    for position, (outcome, struggle_title, actions) in enumerate(PLAN[: 3 if index < 3 else 1], start=1):
        struggle = struggles.get(struggle_title)
        priority = create_record(
            session=session,
            actor=actor,
            note="Demo data",
            record=Priority(
                place_id=strategy.place_id,
                strategy_id=id_of(strategy),
                outcome=outcome,
                position=position,
                struggle_ids=[id_of(struggle)] if struggle else [],
                strength_ids=struggle.strength_ids if struggle else [],
            ),
        )
        for title, lead, budget, source, status, percent, milestones in actions:
            create_record(
                session=session,
                actor=actor,
                note="Demo data",
                record=Action(
                    place_id=strategy.place_id,
                    strategy_id=id_of(strategy),
                    priority_id=priority.id,
                    title=title,
                    lead_organisation=lead,
                    budget=budget,
                    funding_source=FundingSource(source),
                    status=ActionStatus(status),
                    percent_complete=percent,
                    start_date=date(2026, 5, 1),
                    end_date=date(2027, 3, 31),
                    milestones=[
                        {"title": t, "due": d.isoformat(), "done": done} for t, d, done in milestones
                    ],
                    risks=[
                        {
                            "description": "Volunteers drop out",
                            "likelihood": "medium",
                            "impact": "high",
                            "mitigation": "Recruit through the faith forum and schools",
                        }
                    ],
                ),
            )
    for key in ("get-on-well", "belonging", "rarely-meet-different-backgrounds"):
        indicator = plan_indicators.add_from_library(session=session, strategy=strategy, actor=actor, key=key)
        indicator.baseline_value = {"get-on-well": 71.0, "belonging": 58.0}.get(key, 31.0)
        indicator.baseline_date = date(2026, 3, 31)
        indicator.target_value = {"get-on-well": 78.0, "belonging": 65.0}.get(key, 24.0)
        indicator.target_date = date(2029, 3, 31)
        session.add(indicator)
    session.flush()
