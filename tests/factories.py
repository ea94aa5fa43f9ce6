"""Typed factories for test data. Each flushes, so ids are there, and leaves committing to the fixture."""

from datetime import date

from sqlmodel import Session

from app.models import (
    Action,
    Area,
    Indicator,
    ListeningExercise,
    Measurement,
    Membership,
    Place,
    Priority,
    Role,
    ScoreSet,
    Strategy,
    Strength,
    Struggle,
    Theme,
    User,
    Voice,
)
from app.services.accounts.auth import hash_password
from app.services.records.versioning import create_record

TEST_PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(TEST_PASSWORD)


def make_user(
    session: Session, *, email: str, name: str = "Test Person", is_admin: bool = False, active: bool = True
) -> User:
    user = User(email=email, name=name, password_hash=_PASSWORD_HASH, is_admin=is_admin, active=active)
    session.add(user)
    session.flush()
    return user


def make_place(session: Session, *, slug: str, name: str | None = None, gss_code: str | None = None) -> Place:
    place = Place(
        slug=slug,
        name=name or slug.replace("-", " ").title(),
        gss_code=gss_code or f"E08{abs(hash(slug)) % 10**6:06d}",
    )
    session.add(place)
    session.flush()
    return place


def make_membership(session: Session, *, user: User, place: Place, role: Role) -> Membership:
    membership = Membership(user_id=user.id, place_id=place.id, role=role.value)  # type: ignore[arg-type]
    session.add(membership)
    session.flush()
    return membership


def make_strategy(
    session: Session,
    *,
    place: Place,
    actor: User,
    slug: str = "cohesion-strategy-2026",
    title: str = "Cohesion strategy 2026 to 2029",
    status: str = "draft",
) -> Strategy:
    return create_record(
        session=session,
        actor=actor,
        record=Strategy(
            place_id=place.id,
            slug=slug,
            title=title,
            start_date=date(2026, 4, 1),
            end_date=date(2029, 3, 31),  # type: ignore[arg-type]
            status=status,
        ),
    )


def make_area(
    session: Session, *, place: Place, actor: User, name: str = "Northfield", population: int | None = 12000
) -> Area:
    return create_record(
        session=session,
        actor=actor,
        record=Area(
            place_id=place.id,
            name=name,
            gss_code=None,
            population=population,  # type: ignore[arg-type]
        ),
    )


def make_exercise(
    session: Session,
    *,
    strategy: Strategy,
    actor: User,
    title: str = "Youth club focus group",
    method: str = "focus_group",
    areas: list[Area] | None = None,
    start: date = date(2026, 5, 3),
    participants: int | None = None,
    profile: dict[str, dict[str, int]] | None = None,
) -> ListeningExercise:
    return create_record(
        session=session,
        actor=actor,
        record=ListeningExercise(
            place_id=strategy.place_id,
            strategy_id=strategy.id,
            title=title,
            method=method,  # type: ignore[arg-type]
            start_date=start,
            area_ids=[a.id for a in areas or []],
            consent_basis="consent",
            participants=participants,
            profile=profile,
        ),
    )


def make_score_set(
    session: Session,
    *,
    exercise: ListeningExercise,
    actor: User,
    scores: dict[str, float],
    respondents: int = 1,
    area: Area | None = None,
) -> ScoreSet:
    return create_record(
        session=session,
        actor=actor,
        record=ScoreSet(
            place_id=exercise.place_id,
            strategy_id=exercise.strategy_id,
            exercise_id=exercise.id,  # type: ignore[arg-type]
            area_id=area.id if area else None,
            basis="respondent" if respondents == 1 else "group",
            respondents=respondents,
            scores=scores,
        ),
    )


def make_measurement(
    session: Session,
    *,
    indicator: Indicator,
    actor: User,
    value: float,
    measured_on: date = date(2026, 9, 30),
    sample_size: int | None = None,
) -> Measurement:
    return create_record(
        session=session,
        actor=actor,
        record=Measurement(
            place_id=indicator.place_id,
            strategy_id=indicator.strategy_id,
            indicator_id=indicator.id,  # type: ignore[arg-type]
            measured_on=measured_on,
            value=value,
            sample_size=sample_size,
        ),
    )


def make_voice(
    session: Session,
    *,
    exercise: ListeningExercise,
    actor: User,
    text: str = "The bus is always late.",
    kind: str = "struggle",
    area: Area | None = None,
    themes: list[Theme] | None = None,
    **profile: str,
) -> Voice:
    from app.models import VoiceTheme

    voice = create_record(
        session=session,
        actor=actor,
        record=Voice(
            place_id=exercise.place_id,
            strategy_id=exercise.strategy_id,
            exercise_id=exercise.id,  # type: ignore[arg-type]
            text=text,
            kind=kind,
            area_id=area.id if area else None,
            theme_ids=[t.id for t in themes or []],  # type: ignore[misc]
            **profile,
        ),
    )
    for theme in themes or []:
        session.add(
            VoiceTheme(
                voice_id=voice.id,
                theme_id=theme.id,
                place_id=voice.place_id,  # type: ignore[arg-type]
                area_id=voice.area_id,
            )
        )
    session.flush()
    return voice


def make_strength(
    session: Session,
    *,
    strategy: Strategy,
    actor: User,
    name: str = "Library conversation club",
    areas: list[Area] | None = None,
    themes: list[Theme] | None = None,
    status: str = "active",
    kind: str = "shared_space",
) -> Strength:
    return create_record(
        session=session,
        actor=actor,
        record=Strength(
            place_id=strategy.place_id,
            strategy_id=strategy.id,
            name=name,
            kind=kind,
            status=status,  # type: ignore[arg-type]
            area_ids=[a.id for a in areas or []],
            theme_ids=[t.id for t in themes or []],  # type: ignore[misc]
        ),
    )


def make_struggle(
    session: Session,
    *,
    strategy: Strategy,
    actor: User,
    title: str = "Tension over the hotel",
    areas: list[Area] | None = None,
    themes: list[Theme] | None = None,
    severity: int = 4,
) -> Struggle:
    return create_record(
        session=session,
        actor=actor,
        record=Struggle(
            place_id=strategy.place_id,
            strategy_id=strategy.id,
            title=title,
            severity=severity,  # type: ignore[arg-type]
            trend="worsening",
            area_ids=[a.id for a in areas or []],
            theme_ids=[t.id for t in themes or []],  # type: ignore[misc]
        ),
    )


def make_priority(
    session: Session,
    *,
    strategy: Strategy,
    actor: User,
    struggles: list[Struggle],
    outcome: str = "People from different backgrounds mix in shared spaces",
) -> Priority:
    return create_record(
        session=session,
        actor=actor,
        record=Priority(
            place_id=strategy.place_id,
            strategy_id=strategy.id,
            outcome=outcome,  # type: ignore[arg-type]
            struggle_ids=[s.id for s in struggles],  # type: ignore[misc]
        ),
    )


def make_action(
    session: Session,
    *,
    strategy: Strategy,
    actor: User,
    title: str = "Open iftar programme",
    priority: Priority | None = None,
    parent: Action | None = None,
    weight: int = 1,
    percent: int = 0,
    status: str = "on_track",
    struggles: list[Struggle] | None = None,
) -> Action:
    return create_record(
        session=session,
        actor=actor,
        record=Action(
            place_id=strategy.place_id,
            strategy_id=strategy.id,
            title=title,  # type: ignore[arg-type]
            priority_id=priority.id if priority else None,
            parent_id=parent.id if parent else None,
            weight=weight,
            percent_complete=percent,
            status=status,
            lead_organisation="Faith forum",
            start_date=date(2026, 5, 1),
            end_date=date(2027, 3, 31),
            struggle_ids=[s.id for s in struggles or []],  # type: ignore[misc]
        ),
    )
