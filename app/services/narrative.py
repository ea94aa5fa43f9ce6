"""The strategy's narrative: one versioned section per part (foreword, vision, ...), written by officers.

A part with no text yet has no record; saving it the first time creates one, later saves are versions of it
(checked against the version the form was loaded from). Sections are read in the order of ``NarrativePart``.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.errors import NotFound
from app.models import NarrativePart, NarrativeSection, Strategy, User
from app.models.base import id_of
from app.schemas import NarrativeForm
from app.services.records.versioning import create_record, save_record


class PartNotFound(NotFound):
    """No such part of a strategy's narrative."""


@dataclass(frozen=True)
class Part:
    part: NarrativePart
    section: NarrativeSection | None

    @property
    def body(self) -> str:
        return self.section.body if self.section is not None else ""


def get_part(slug: str) -> NarrativePart:
    try:
        return NarrativePart(slug)
    except ValueError:
        raise PartNotFound(slug) from None


def sections(*, session: Session, strategy: Strategy) -> list[Part]:
    """Every part, in order, with its section when one has been written."""
    found = {
        section.part: section
        for section in session.exec(
            select(NarrativeSection).where(NarrativeSection.strategy_id == strategy.id)
        ).all()
    }
    return [Part(part, found.get(part)) for part in NarrativePart]


def written(*, session: Session, strategy: Strategy) -> list[Part]:
    """The parts that have text, in order."""
    return [part for part in sections(session=session, strategy=strategy) if part.body.strip()]


def get_section(*, session: Session, strategy: Strategy, part: NarrativePart) -> NarrativeSection | None:
    return session.exec(
        select(NarrativeSection).where(
            NarrativeSection.strategy_id == strategy.id, NarrativeSection.part == part
        )
    ).first()


def save_section(
    *,
    session: Session,
    strategy: Strategy,
    part: NarrativePart,
    actor: User,
    form: NarrativeForm,
    expected_version: int | None,
) -> NarrativeSection:
    """Write a part: a new section the first time, a new version of it after that."""
    section = get_section(session=session, strategy=strategy, part=part)
    if section is None:
        return create_record(
            session=session,
            actor=actor,
            note=form.note,
            record=NarrativeSection(
                place_id=strategy.place_id, strategy_id=id_of(strategy), part=part, body=form.body.strip()
            ),
        )
    return save_record(
        session=session,
        record=section,
        actor=actor,
        changes={"body": form.body.strip()},
        expected_version=expected_version,
        note=form.note,
    )
