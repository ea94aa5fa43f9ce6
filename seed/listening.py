"""Fictional listening data for the demo places: exercises, voices in plain English, themes, scores, profiles.

Every sentence is invented; names of areas come from the demo places. Deterministic for a given place.
"""

import random
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.models import (
    PROFILE_FIELDS,
    Area,
    ListeningExercise,
    ListeningMethod,
    Place,
    ScoreSet,
    Strategy,
    Theme,
    User,
)
from app.services.listening import bulk as listening_bulk
from app.services.listening.suggestions import PLACE_STANDARD_SLUGS
from app.services.records.versioning import create_record

# (kind, theme slugs, text); "{area}" is replaced by an area name.
SAYINGS: list[tuple[str, tuple[str, ...], str]] = [
    (
        "struggle",
        ("public-transport",),
        "The {n} bus only comes once an hour after six, so I can't get home from my late shift.",
    ),
    (
        "struggle",
        ("public-transport", "young-people"),
        "Teenagers from {area} can't get to the college without two buses.",
    ),
    (
        "concern",
        ("public-transport", "feeling-safe"),
        "The bus shelter on the high street has no light and I don't like waiting there at night.",
    ),
    (
        "idea",
        ("public-transport",),
        "A community minibus on Sundays would help older people get to the shops and to church.",
    ),
    (
        "struggle",
        ("traffic-and-parking",),
        "Cars park on the pavement outside the school and parents with buggies have to walk in the road.",
    ),
    (
        "concern",
        ("traffic-and-parking", "feeling-safe"),
        "People race down the main road through {area}; we need a crossing near the park.",
    ),
    (
        "struggle",
        ("moving-around",),
        "The pavements are so uneven that I can't use my wheelchair to get to the post office.",
    ),
    (
        "idea",
        ("moving-around", "natural-space"),
        "A proper cycle path along the canal would link {area} to the town centre.",
    ),
    (
        "strength",
        ("natural-space",),
        "The park in {area} is the one place where everyone mixes, especially on a sunny weekend.",
    ),
    (
        "strength",
        ("natural-space", "social-contact"),
        "The community garden brings together people who would never otherwise meet.",
    ),
    (
        "concern",
        ("natural-space", "care-and-maintenance"),
        "The woods behind the estate are full of fly-tipping and nobody clears it.",
    ),
    (
        "struggle",
        ("play-and-recreation", "young-people"),
        "There is nothing for young people to do in {area} after the youth club closed.",
    ),
    (
        "idea",
        ("play-and-recreation", "young-people"),
        "Open the school sports hall in the evenings and the summer holidays.",
    ),
    (
        "strength",
        ("play-and-recreation", "shared-spaces-and-mixing"),
        "The Saturday football league has kids from every background playing together.",
    ),
    (
        "struggle",
        ("facilities-and-amenities",),
        "It takes three weeks to get a doctor's appointment and the surgery phone line is always busy.",
    ),
    (
        "strength",
        ("facilities-and-amenities", "shared-spaces-and-mixing"),
        "The library runs English conversation clubs where new arrivals and retired teachers get to know each other.",
    ),
    (
        "concern",
        ("facilities-and-amenities",),
        "If they close the community centre there will be nowhere left for groups to meet.",
    ),
    (
        "struggle",
        ("work-and-local-economy",),
        "Half the shops on the parade are boarded up and the ones left are takeaways.",
    ),
    (
        "idea",
        ("work-and-local-economy", "young-people"),
        "Local firms could offer apprenticeships to young people from {area} first.",
    ),
    (
        "struggle",
        ("work-and-local-economy", "migration-and-asylum"),
        "I was an engineer at home but here I can only find cleaning work because my qualifications don't count.",
    ),
    (
        "struggle",
        ("housing-and-community", "cost-of-living"),
        "Our rent went up again and the flat has damp that the landlord won't fix.",
    ),
    (
        "concern",
        ("housing-and-community",),
        "Houses on our street are being turned into bedsits and nobody knows their neighbours any more.",
    ),
    (
        "strength",
        ("social-contact",),
        "My neighbours checked on me every day when I was ill; that's what {area} is like.",
    ),
    (
        "struggle",
        ("social-contact",),
        "Since my husband died I can go a whole week without speaking to anyone.",
    ),
    (
        "idea",
        ("social-contact", "shared-spaces-and-mixing"),
        "A street party every summer would help people meet the families who have just moved in.",
    ),
    (
        "strength",
        ("identity-and-belonging",),
        "I've lived in {area} all my life and I'm proud of how it has changed and stayed friendly.",
    ),
    (
        "concern",
        ("identity-and-belonging", "migration-and-asylum"),
        "Some long-standing residents feel the area has changed too fast and nobody asked them.",
    ),
    (
        "struggle",
        ("identity-and-belonging",),
        "Even after twelve years people still ask me where I'm really from.",
    ),
    (
        "concern",
        ("feeling-safe",),
        "I don't walk through the underpass after dark because of the groups hanging around.",
    ),
    (
        "struggle",
        ("feeling-safe", "hate-crime-and-prejudice"),
        "My daughter was shouted at on the bus because she wears a headscarf.",
    ),
    ("concern", ("feeling-safe",), "There is drug dealing outside the flats and the police never come."),
    (
        "struggle",
        ("care-and-maintenance",),
        "The bins are overflowing every week and the streetlights on our road have been out for months.",
    ),
    (
        "idea",
        ("care-and-maintenance",),
        "Give residents a simple way to report broken things and tell us when they are fixed.",
    ),
    (
        "struggle",
        ("influence-and-sense-of-control",),
        "We filled in surveys before and nothing ever changed, so why would this time be different?",
    ),
    (
        "idea",
        ("influence-and-sense-of-control",),
        "Let each area decide how to spend a small budget at a public meeting.",
    ),
    (
        "strength",
        ("influence-and-sense-of-control",),
        "The residents' association in {area} got the council to fix the play area by working together.",
    ),
    (
        "concern",
        ("migration-and-asylum",),
        "People are angry about the hotel being used for asylum seekers because nobody explained anything.",
    ),
    (
        "strength",
        ("migration-and-asylum", "faith-and-belief"),
        "The church and the mosque run a welcome table for refugee families every Tuesday.",
    ),
    (
        "struggle",
        ("migration-and-asylum",),
        "Asylum seekers in the hotel aren't allowed to work and have nothing to do all day.",
    ),
    (
        "struggle",
        ("hate-crime-and-prejudice",),
        "Someone sprayed racist graffiti on the shop shutters and it stayed there for weeks.",
    ),
    (
        "concern",
        ("hate-crime-and-prejudice", "online-harms-and-misinformation"),
        "After the rumours online, some of the lads started making comments to the Polish family next door.",
    ),
    (
        "struggle",
        ("cost-of-living",),
        "We can't afford to go to the leisure centre any more, it's cheaper to stay in.",
    ),
    (
        "struggle",
        ("cost-of-living", "shared-spaces-and-mixing"),
        "I'd go to the events in town but the bus fare for the four of us is too much.",
    ),
    (
        "strength",
        ("cost-of-living", "faith-and-belief"),
        "The food bank at the gurdwara feeds anyone who turns up, no questions asked.",
    ),
    (
        "concern",
        ("young-people", "feeling-safe"),
        "My son is scared of the older boys at the bus station after school.",
    ),
    ("strength", ("young-people",), "The youth council has done brilliant work on the skate park plans."),
    (
        "strength",
        ("faith-and-belief", "social-contact"),
        "The open iftar at the mosque last Ramadan was the first time I'd been inside, and I was made so welcome.",
    ),
    (
        "idea",
        ("faith-and-belief", "shared-spaces-and-mixing"),
        "Faith groups could open their halls for a joint community lunch once a month.",
    ),
    (
        "concern",
        ("online-harms-and-misinformation",),
        "The local Facebook group spreads rumours about crime that turn out not to be true.",
    ),
    (
        "idea",
        ("online-harms-and-misinformation",),
        "The council should post the facts quickly when a rumour starts going round online.",
    ),
    (
        "strength",
        ("shared-spaces-and-mixing",),
        "The market on Saturday is where you see every part of {area} together.",
    ),
    (
        "struggle",
        ("shared-spaces-and-mixing",),
        "Different groups use the park at different times and never really talk to each other.",
    ),
]

METHODS = [
    ("survey", "Residents' survey 2026", "consent"),
    ("focus_group", "Young people's focus group", "consent"),
    ("community_event", "Summer fair pop-up stall", "anonymous"),
    ("walkabout", "Walkabout with residents' association", "public_task"),
    ("roundtable", "Faith and community leaders roundtable", "legitimate_interests"),
]


def seed_listening(session: Session, *, place: Place, strategy: Strategy, actor: User, index: int) -> None:
    """Exercises, a few hundred to a few thousand voices, scores and profiles for one demo place."""
    if session.exec(select(ListeningExercise.id).where(ListeningExercise.strategy_id == strategy.id)).first():
        return
    rng = random.Random(1000 + index)
    areas = list(session.exec(select(Area).where(Area.place_id == place.id).order_by(col(Area.name))).all())
    themes = {t.slug: t.id for t in session.exec(select(Theme).where(col(Theme.place_id).is_(None))).all()}
    voice_total = 300 + (index * 977) % 2200
    start = date(2026, 4, 20)
    exercises = []
    for number, (method, title, consent) in enumerate(METHODS[: 3 + index % 3]):
        chosen = rng.sample(areas, k=min(len(areas), 1 if method == "focus_group" else 3))
        profile = None
        if method == "focus_group":
            profile = {
                "age_band": {"16-24": rng.randint(8, 16)},
                "gender": {"Woman": rng.randint(4, 9), "Man": rng.randint(4, 9)},
            }
        exercise = create_record(
            session=session,
            actor=actor,
            note="Demo data",
            record=ListeningExercise(
                place_id=place.id,  # type: ignore[arg-type]
                strategy_id=strategy.id,  # type: ignore[arg-type]
                title=title,
                method=ListeningMethod(method),
                start_date=start + timedelta(days=9 * number),
                end_date=start + timedelta(days=9 * number + (28 if method == "survey" else 0)),
                area_ids=sorted(a.id for a in chosen if a.id),
                partners="Belong Network\nCommunity Voice Trust",
                participants=voice_total if method == "survey" else rng.randint(10, 40),
                profile=profile,
                consent_basis=consent,
                notes="Fictional demo exercise.",
            ),
        )
        exercises.append((exercise, chosen))
    transaction_id = listening_bulk.start_transaction(session=session, actor=actor, note="Demo data")
    survey, _ = exercises[0]
    rows = []
    for _ in range(voice_total):
        kind, slugs, text = rng.choice(SAYINGS)
        area = rng.choice(areas)
        row = {
            "text": text.format(area=area.name, n=rng.choice([5, 12, 52, 76, 101])),
            "kind": kind,
            "area_id": area.id,
            "theme_ids": [themes[s] for s in slugs if s in themes] if rng.random() < 0.85 else [],
        }
        for field, (_, groups) in PROFILE_FIELDS.items():
            row[field] = rng.choice(groups[1:]) if rng.random() < 0.7 else None
        rows.append(row)
    for begin in range(0, len(rows), 1000):
        listening_bulk.insert_voices(
            session=session,
            strategy=strategy,
            exercise=survey,
            rows=rows[begin : begin + 1000],
            transaction_id=transaction_id,
        )
    walkabout = exercises[-1][0]
    for area in areas[: max(3, len(areas) // 2)]:
        base = rng.uniform(2.5, 5.0)
        create_record(
            session=session,
            actor=actor,
            note="Demo data",
            record=ScoreSet(
                place_id=place.id,  # type: ignore[arg-type]
                strategy_id=strategy.id,  # type: ignore[arg-type]
                exercise_id=walkabout.id,  # type: ignore[arg-type]
                area_id=area.id,
                basis="group",
                respondents=rng.randint(10, 30),
                scores={
                    slug: round(min(7.0, max(1.0, base + rng.uniform(-2.0, 2.5))), 1)
                    for slug in PLACE_STANDARD_SLUGS
                },
            ),
        )
    session.flush()
