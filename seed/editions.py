"""Published editions for the first demo places, so the councillor dashboard and the facilitator overview have
something to show, then one change after an edition, so a stage reads "Changed since last edition".

Each edition is committed on its own, as publishing is a request of its own: an edition includes every change
up to its transaction, so a change made in the same transaction would count as published."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.models import Action, ActionStatus, Edition, FundingSource, Place, Priority, Strategy, User
from app.models.base import id_of
from app.services.records import editions
from app.services.records.versioning import create_record

# (stage, title, note, decided on), in the order a place publishes them.
EDITIONS: list[tuple[str, str, str | None, date]] = [
    (
        "listening",
        "What we heard in 2026, noted by Cabinet 10 September 2026",
        "Summary of the listening exercises so far; what people said is shown as counts only.",
        date(2026, 9, 10),
    ),
    (
        "mapping",
        "Strengths and struggles, agreed by the cohesion partnership 24 September 2026",
        None,
        date(2026, 9, 24),
    ),
    (
        "plan",
        "Action plan, approved by Cabinet 12 March 2026",
        "Approved with the budget.",
        date(2026, 3, 12),
    ),
    ("progress", "Progress report to Cabinet, 15 October 2026", None, date(2026, 10, 15)),
]
# How many of those stages each of the first six demo places has published.
PUBLISHED = {
    "ashbourne-vale": 4,
    "brackenford": 4,
    "cobbleton": 4,
    "dunmere": 3,
    "elmstead-cross": 2,
    "fernhollow": 1,
}
PUBLISHERS = {"ashbourne-vale": "officer@demo.test", "brackenford": "officer@demo.test"}


def seed_editions(session: Session) -> bool:
    """Publish the editions of each place above that has none yet; return whether anything was published."""
    created = False
    for slug, count in PUBLISHED.items():
        place = session.exec(select(Place).where(Place.slug == slug)).first()
        strategy = (
            session.exec(select(Strategy).where(Strategy.place_id == place.id)).first() if place else None
        )
        publisher = session.exec(
            select(User).where(User.email == PUBLISHERS.get(slug, "admin@demo.test"))
        ).first()
        if strategy is None or publisher is None:
            continue
        if session.exec(select(Edition.id).where(Edition.strategy_id == strategy.id)).first():
            continue
        for stage, title, note, decided_on in EDITIONS[:count]:
            if not editions.has_records(session=session, strategy=strategy, stage=stage):
                continue
            editions.publish_edition(
                session=session,
                strategy=strategy,
                stage=stage,
                actor=publisher,
                title=title,
                note=note,
                decided_on=decided_on,
            )
            session.commit()
            created = True
        if slug == "ashbourne-vale":
            _draft_after_the_plan(session, strategy, publisher)
    return created


def _draft_after_the_plan(session: Session, strategy: Strategy, officer: User) -> None:
    """A new action drafted after the plan was published: the plan reads "Changed since last edition", and
    the councillor dashboard does not show the action until the next edition."""
    priority = session.exec(
        select(Priority).where(Priority.strategy_id == strategy.id).order_by(Priority.position)  # type: ignore[arg-type]
    ).first()
    start = date(2026, 11, 2)
    create_record(
        session=session,
        actor=officer,
        note="Drafted for the next Cabinet report",
        record=Action(
            place_id=strategy.place_id,
            strategy_id=id_of(strategy),
            priority_id=priority.id if priority else None,
            title="Welcome walks for new arrivals",
            lead_organisation="Refugee and migrant forum",
            status=ActionStatus.not_started,
            start_date=start,
            end_date=start + timedelta(days=365),
            budget=4000,
            funding_source=FundingSource.pride_in_place,
        ),
    )
    session.commit()
