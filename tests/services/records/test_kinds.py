"""The one registry of record kinds: complete once imported, one entry per versioned model."""

import subprocess
import sys
from textwrap import dedent

from app.config import ROOT
from app.models import Versioned, version_class
from app.services.records import kinds

# Run in a fresh interpreter: in the test process the web app (and every service module) is already imported,
# which would hide a registry that is only filled as a side effect of importing them.
FRESH = dedent(
    """
    import sys
    from datetime import date

    from sqlmodel import Session, create_engine

    from app.models import Action
    from app.services.records import editions
    from app.services.records import history as record_history

    before = Action(title="Street games", status="on_track", start_date=date(2026, 4, 1), area_ids=[])
    after = Action(title="Street games", status="at_risk", start_date=date(2026, 4, 1), area_ids=[])
    with Session(create_engine("sqlite://")) as session:
        [values] = record_history.record_values(session=session, kind="action", rows=[after])
        [changes] = record_history.record_changes(session=session, kind="action", pairs=[(before, after)])
    print(values["Title"], "|", values["Status"], "|", values["Start date"])
    print(changes)
    print(sorted(m for m in sys.modules if m.startswith(("app.main", "app.routers", "app.services.plan"))))
    """
)


def test_a_fresh_interpreter_knows_every_kind_without_the_web_app() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FRESH], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Street games | At risk | 1 April 2026",
        "['Status changed from On track to At risk']",
        "[]",
    ]


def _versioned_models(cls: type[Versioned]) -> set[type[Versioned]]:
    found = set()
    for sub in cls.__subclasses__():
        if getattr(sub, "__table__", None) is not None:
            found.add(sub)
        found |= _versioned_models(sub)
    return found


def test_every_versioned_model_has_exactly_one_kind() -> None:
    models = [kind.model for kind in kinds.KINDS]

    assert sorted(m.__name__ for m in models) == sorted(m.__name__ for m in _versioned_models(Versioned))
    assert len(set(models)) == len(models)
    assert len(kinds.BY_NAME) == len(kinds.KINDS)


def test_every_kind_names_fields_of_its_model_and_hooks_that_exist() -> None:
    for kind in kinds.KINDS:
        columns = set(kind.model.__table__.columns.keys())  # type: ignore[attr-defined]
        named = set(kind.labels) | kind.personal_fields | set(kind.choices) | set(kind.lookups)
        assert named <= columns, kind.name
        assert kind.personal_fields <= set(kind.labels), kind.name
        for hook in (kind.check, kind.after_save):
            if hook is not None:
                assert callable(hook.resolve()), f"{kind.name}: {hook}"


def test_every_stage_kinds_versions_are_indexed_by_strategy_and_transaction() -> None:
    """ "Changed since the last edition" reads a strategy's versions after a transaction: without this index
    (``STAGE_MODELS`` in ``app/models/indexes.py``) it reads every version of the strategy."""
    for kind in kinds.STAGE_KINDS:
        table = version_class(kind.model).__table__
        indexed = [[column.name for column in index.columns] for index in table.indexes]
        assert ["strategy_id", "transaction_id"] in indexed, kind.name


def test_the_stages_are_made_of_their_kinds_in_edition_order() -> None:
    assert {stage: [k.name for k in stage_kinds] for stage, stage_kinds in kinds.BY_STAGE.items()} == {
        "listening": ["listening_exercise", "score_set", "voice"],
        "mapping": ["strength", "struggle"],
        "plan": ["priority", "action", "indicator"],
        "progress": ["action_update", "measurement"],
    }
