"""The tension log at its benchmark size: a place of its own with 70 wards and 10,000 log entries over two
years (each indexed by its areas, as the write path does), a level for every ward in each of the last 12
weeks, and the bench officer given the tension log.

A place of its own, so that the other pages measure the same data as before. Written in bulk (no versions:
no benched page reads the log's history)."""

import random
from datetime import date, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.models import Area, Membership, Place, TensionEntry, TensionEntryArea, WeeklyLevel
from app.models.tensions import (
    EvidenceType,
    Spread,
    TensionCategory,
    TensionLevel,
    TensionSource,
    TensionStatus,
)
from app.services.tensions.picture import week_of

TENSION_SLUG = "tension-bench"
WARDS = 70
ENTRIES = 10_000
WEEKS = 12


def build_tension_place(session: Session, *, officer_id: int, today: date, seed: int = 2026) -> None:
    rng = random.Random(seed)
    place = Place(slug=TENSION_SLUG, name="Tension bench", gss_code="E08999970")
    session.add(place)
    session.flush()
    place_id = int(place.id or 0)
    session.execute(
        insert(Area.__table__),  # type: ignore[attr-defined]
        [{"place_id": place_id, "name": f"Ward {n + 1:02d}", "version": 1} for n in range(WARDS)],
    )
    area_ids = [int(i or 0) for i in session.exec(select(col(Area.id)).where(Area.place_id == place_id))]
    rows = []
    for n in range(ENTRIES):
        rows.append(
            {
                "place_id": place_id,
                "version": 1,
                "observed_on": today - timedelta(days=rng.randrange(730) if n % 10 else rng.randrange(21)),
                "title": f"Bench entry {n + 1}",
                "category": rng.choice(list(TensionCategory)).value,
                "area_ids": rng.sample(area_ids, rng.choice((1, 1, 2))),
                "what_happened": "Something was observed and reported. " * 4,
                "source": rng.choice(list(TensionSource)).value,
                "evidence_type": rng.choice(list(EvidenceType)).value,
                "spread": rng.choice(list(Spread)).value,
                "impact": rng.randint(1, 5),
                "struggle_ids": [],
                "status": rng.choice(list(TensionStatus)).value,
                "earlier_entry_ids": [],
            }
        )
    for start in range(0, len(rows), 2000):
        session.execute(insert(TensionEntry.__table__), rows[start : start + 2000])  # type: ignore[attr-defined]
    entries = session.exec(
        select(col(TensionEntry.id), col(TensionEntry.observed_on), col(TensionEntry.area_ids)).where(
            TensionEntry.place_id == place_id
        )
    ).all()
    links = [
        {"entry_id": entry_id, "area_id": area_id, "place_id": place_id, "observed_on": observed_on}
        for entry_id, observed_on, area_ids in entries
        for area_id in sorted(set(area_ids))
    ]
    for start in range(0, len(links), 5000):
        session.execute(insert(TensionEntryArea.__table__), links[start : start + 5000])  # type: ignore[attr-defined]
    week = week_of(today)
    levels = [
        {
            "place_id": place_id,
            "version": 1,
            "week_start": week - timedelta(days=7 * back),
            "area_id": area_id,
            "level": rng.choice(list(TensionLevel)).value,
            "reason": "Set from the week's entries and partners' reports.",
            "published": area_id is None,
        }
        for back in range(WEEKS)
        for area_id in [None, *area_ids]
    ]
    session.execute(insert(WeeklyLevel.__table__), levels)  # type: ignore[attr-defined]
    session.execute(
        insert(Membership.__table__),  # type: ignore[attr-defined]
        [{"user_id": officer_id, "place_id": place_id, "role": "officer", "tension_log": True}],
    )
