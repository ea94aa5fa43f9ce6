"""Fictional demo data: invented places and areas, no real people. Safe to run again (idempotent)."""

import random
from datetime import date

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.models import Area, Membership, Place, Role, Strategy, User
from app.services.accounts.auth import hash_password
from app.services.records.versioning import create_record
from seed.boundaries import invented_wards
from seed.editions import seed_editions
from seed.listening import seed_listening
from seed.mapping import seed_mapping
from seed.plan import seed_plan
from seed.progress import seed_progress
from seed.review import seed_review
from seed.tensions import seed_tensions

DEMO_PASSWORD = "cohesion-demo"  # noqa: S105 - published demo sign-in, refused in production
DEMO_DOMAIN = "@demo.test"

# (email, name, what the account can do)
DEMO_USERS: list[tuple[str, str, str]] = [
    ("admin@demo.test", "Ada Admin", "administrator: places, areas, people"),
    ("officer@demo.test", "Olu Officer", "officer of Ashbourne Vale and Brackenford"),
    ("other.officer@demo.test", "Orla Other", "officer of Cobbleton only"),
    ("facilitator@demo.test", "Femi Facilitator", "facilitator of the first six places"),
    ("councillor@demo.test", "Cal Councillor", "councillor of Ashbourne Vale"),
]

PLACES: list[tuple[str, str]] = [
    ("ashbourne-vale", "Ashbourne Vale"),
    ("brackenford", "Brackenford"),
    ("cobbleton", "Cobbleton"),
    ("dunmere", "Dunmere"),
    ("elmstead-cross", "Elmstead Cross"),
    ("fernhollow", "Fernhollow"),
    ("greywater", "Greywater"),
    ("hollinbury", "Hollinbury"),
    ("irondale", "Irondale"),
    ("kestrel-moor", "Kestrel Moor"),
    ("larkhaven", "Larkhaven"),
    ("millbrook-heath", "Millbrook Heath"),
]

AREA_STEMS = [
    "Northfield",
    "Riverside",
    "Old Town",
    "Hillcrest",
    "Station Quarter",
    "Marsh Lane",
    "Canal Side",
    "Westgate",
    "Fairview",
    "Orchard Park",
    "Mill End",
    "Abbey Green",
    "Brook Hill",
    "Chapel Row",
    "Kingsmead",
    "Longcroft",
    "Moorside",
    "Parkway",
    "Quarry Bank",
    "Saltings",
]
AGE_BANDS = ["16-24", "25-34", "35-49", "50-64", "65+"]
ETHNIC_GROUPS = [
    "Asian or Asian British",
    "Black, Black British, Caribbean or African",
    "Mixed or multiple",
    "White",
    "Other ethnic group",
]


def demo_accounts_present(engine: Engine) -> bool:
    from sqlalchemy import inspect

    if not inspect(engine).has_table("user_account"):
        return False
    with Session(engine) as session:
        count = session.exec(
            select(func.count()).select_from(User).where(col(User.email).endswith(DEMO_DOMAIN))
        ).one()
    return int(count) > 0


def _profile(rng: random.Random, population: int) -> dict[str, dict[str, int]]:
    def split(groups: list[str], weights: list[float]) -> dict[str, int]:
        total = sum(weights)
        return {g: round(population * w / total) for g, w in zip(groups, weights, strict=True)}

    return {
        "age_band": split(AGE_BANDS, [rng.uniform(0.8, 1.6) for _ in AGE_BANDS]),
        "ethnic_group": split(
            ETHNIC_GROUPS,
            [
                rng.uniform(0.2, 1.2),
                rng.uniform(0.1, 0.8),
                rng.uniform(0.05, 0.3),
                rng.uniform(2.0, 6.0),
                rng.uniform(0.05, 0.3),
            ],
        ),
        "gender": split(["Woman", "Man"], [rng.uniform(0.5, 0.53), 0.49]),
    }


def seed_demo(engine: Engine, *, only_if_empty: bool = False) -> bool:
    """Load the demo places, areas, strategies and sign-ins; return False when there was nothing to add."""
    with Session(engine) as session:
        if only_if_empty and session.exec(select(func.count()).select_from(Place)).one():
            return False
        created = _seed(session)
        session.commit()
        created = seed_editions(session) or created
    return created


def _seed(session: Session) -> bool:
    created = False
    rng = random.Random(2026)
    users: dict[str, User] = {}
    for email, name, _ in DEMO_USERS:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = User(
                email=email,
                name=name,
                password_hash=hash_password(DEMO_PASSWORD),
                is_admin=email.startswith("admin@"),
            )
            session.add(user)
            session.flush()
            created = True
        users[email] = user
    admin = users["admin@demo.test"]

    places: list[Place] = []
    for index, (slug, name) in enumerate(PLACES):
        place = session.exec(select(Place).where(Place.slug == slug)).first()
        if place is None:
            place = Place(slug=slug, name=name, gss_code=f"E0899{index + 1:04d}")
            session.add(place)
            session.flush()
            created = True
            area_count = 6 + (index * 7) % 15
            outlines = invented_wards(area_count, seed=index + 1)
            for number, stem in enumerate(AREA_STEMS[:area_count]):
                population = rng.randint(6000, 18000)
                create_record(
                    session=session,
                    actor=admin,
                    note="Demo data",
                    record=Area(
                        place_id=place.id,  # type: ignore[arg-type]
                        name=stem,
                        gss_code=f"E0599{index + 1:02d}{number + 1:02d}",
                        population=population,
                        profile=_profile(rng, population),
                        profile_source="Invented figures for the demo",
                        boundary=outlines[number],
                    ),
                )
            create_record(
                session=session,
                actor=admin,
                note="Demo data",
                record=Strategy(
                    place_id=place.id,  # type: ignore[arg-type]
                    slug="cohesion-strategy-2026",
                    title=f"{name} cohesion strategy 2026 to 2029",
                    start_date=date(2026, 4, 1),
                    end_date=date(2029, 3, 31),
                ),
            )
        places.append(place)

    for index, place in enumerate(places):
        strategy = session.exec(select(Strategy).where(Strategy.place_id == place.id)).first()
        if strategy is not None:
            seed_listening(session, place=place, strategy=strategy, actor=admin, index=index)
            seed_mapping(session, place_name=place.name, strategy=strategy, actor=admin, index=index)
            seed_plan(session, strategy=strategy, actor=admin, index=index)
            seed_progress(session, strategy=strategy, actor=admin, index=index)

    wanted = [("officer@demo.test", p, Role.officer) for p in places[:2]]
    wanted.append(("other.officer@demo.test", places[2], Role.officer))
    wanted += [("facilitator@demo.test", p, Role.facilitator) for p in places[:6]]
    wanted.append(("councillor@demo.test", places[0], Role.councillor))
    for email, place, role in wanted:
        user = users[email]
        exists = session.exec(
            select(Membership).where(Membership.user_id == user.id, Membership.place_id == place.id)
        ).first()
        if exists is None:
            session.add(Membership(user_id=user.id, place_id=place.id, role=role.value))  # type: ignore[arg-type]
            created = True
    session.flush()
    seed_tensions(
        session,
        place=places[0],
        officer=users["officer@demo.test"],
        facilitator=users["facilitator@demo.test"],
    )
    first = session.exec(select(Strategy).where(Strategy.place_id == places[0].id)).first()
    if first is not None:
        seed_review(
            session,
            strategy=first,
            facilitator=users["facilitator@demo.test"],
            officer=users["officer@demo.test"],
        )
    return created
