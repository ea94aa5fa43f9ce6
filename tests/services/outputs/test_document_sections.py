"""What we heard, as at a listening edition: the counts by theme and kind and the quotes are those of the
voices as they stood at the edition, though they are no longer worked out by reading every voice."""

from collections import Counter
from datetime import date

from sqlmodel import Session, col, select

from app.models import Theme
from app.services.outputs import document_sections, exports
from app.services.outputs.exports import Snapshot, Source
from app.services.records.versioning import save_record
from tests.conftest import World
from tests.factories import make_voice


def _every_voice(session: Session, world: World, snapshot: Snapshot) -> tuple[Counter[int], Counter[str]]:
    rows = exports.snapshot_rows(session=session, strategy=world.strategy, kind="voice", snapshot=snapshot)
    themes: Counter[int] = Counter(t for row in rows for t in row.theme_ids or [])
    return themes, Counter(row.kind for row in rows)


def test_edition_counts_and_quotes_are_the_voices_as_they_were(session: Session, world: World) -> None:
    officer = world.users["officer"]
    themes = list(session.exec(select(Theme).where(col(Theme.place_id).is_(None)).order_by(col(Theme.id))))
    first, second, third = themes[:3]
    early = [
        make_voice(
            session, exercise=world.exercise, actor=officer, text=f"Said {n}", kind=kind, themes=picked
        )
        for n, (kind, picked) in enumerate(
            [
                ("strength", [first]),
                ("concern", [first, second]),
                ("idea", [second]),
                ("concern", [first, third]),
                ("struggle", [third]),
            ]
        )
    ]
    edition = world.publish(session, "listening", "Listening, agreed", decided_on=date(2026, 3, 12))
    # After the edition: a voice changes kind and themes, another is added; the edition must not see either.
    save_record(
        session=session,
        record=early[0],
        actor=officer,
        expected_version=None,
        changes={"kind": "idea", "theme_ids": [third.id]},
    )
    make_voice(session, exercise=world.exercise, actor=officer, text="Later", kind="idea", themes=[first])
    session.commit()

    snapshot = Snapshot(Source.published, edition)
    expected_themes, expected_kinds = _every_voice(session, world, snapshot)
    counted_themes, counted_kinds, quotes = document_sections._edition_counts(
        session, world.strategy, snapshot, personal=True
    )
    assert counted_themes == expected_themes
    assert counted_kinds == expected_kinds
    assert quotes[first.id] == [early[0].id, early[1].id], (
        "the earliest voices with the theme, at the edition"
    )
    assert quotes[second.id] == [early[1].id, early[2].id]

    _, _, none = document_sections._edition_counts(session, world.strategy, snapshot, personal=False)
    assert not any(none.values()), "no quotes are read for those who may not read drafts"

    heard = document_sections.heard(session, world.strategy, snapshot, {}, personal=True)
    assert heard is not None
    assert heard.voices == sum(expected_kinds.values())
    assert "Said 0" in [text for _, text in heard.quotes]
