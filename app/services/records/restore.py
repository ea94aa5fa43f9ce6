"""Restoring an earlier version of a record: what it will change, and the edit's own checks.

A restore is an edit whose values come from the history, so it passes through the same rules as the kind's
edit (its ``check`` in ``kinds``: an action's parent cycle, dates and milestones; everything an id names must
still be in the strategy or place) and is written by ``save_record`` as one new version. History is never
rewritten.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session, col, func, select

from app.errors import FieldError, Refused
from app.forms import FormInvalid
from app.models import User, Versioned, version_class
from app.services.records import kinds
from app.services.records.history import deleted_references, record_changes
from app.services.records.versioning import VersionNotFound, check_version, save_record

R = TypeVar("R", bound=Versioned)


class RestoreRefused(Refused):
    """The earlier version breaks a rule an edit would be refused for; ``problems`` say which, in words."""


@dataclass(frozen=True)
class RestorePlan:
    """What restoring one earlier version would do, for the page that asks to confirm it."""

    number: int
    transaction_id: int
    changes: list[str]  # one sentence per field that would change, from the record as it is now
    problems: list[str]  # why it cannot be restored; empty when it can


def _earlier(session: Session, record: Versioned, transaction_id: int) -> tuple[Any, int]:
    """The version of ``record`` written by ``transaction_id``, and its number in the history."""
    VersionCls = version_class(type(record))
    old = session.exec(
        select(VersionCls).where(  # type: ignore[call-overload]
            VersionCls.id == record.id, VersionCls.transaction_id == transaction_id
        )
    ).first()
    if old is None:
        raise VersionNotFound(transaction_id)
    number = session.exec(
        select(func.count()).where(  # type: ignore[call-overload]
            VersionCls.id == record.id, col(VersionCls.transaction_id) <= transaction_id
        )
    ).one()
    return old, int(number)


def _restored_values(session: Session, record: Versioned, old: Any) -> dict[str, Any]:
    """The changes a restore writes: the earlier version's fields as the kind's edit would save them.

    Refused (``RestoreRefused``) with the edit's messages, each led by the field's label; a field that
    names a record deleted since says which."""
    spec = kinds.of(record)
    labels = spec.labels
    values = {name: getattr(old, name) for name in labels}
    if spec.check is None:
        return values
    try:
        return {**values, **spec.check.resolve()(session, record, values)}
    except FormInvalid as invalid:
        errors = invalid.errors
    except FieldError as problem:
        errors = {problem.field: problem.message}
    problems = []
    for name, message in errors.items():
        gone = deleted_references(session=session, kind=spec.name, name=name, value=values.get(name))
        if gone:
            quoted = ", ".join(f"“{n}”" for n in gone)
            message = f"{quoted} {'has' if len(gone) == 1 else 'have'} been deleted"
        label = labels.get(name) or name.replace("_", " ").capitalize()
        problems.append(f"{label}: {message}")
    raise RestoreRefused(problems)


def plan_restore(*, session: Session, record: Versioned, transaction_id: int) -> RestorePlan:
    """What restoring the version written by ``transaction_id`` would change, and whether the edit's
    rules allow it. Nothing is written."""
    old, number = _earlier(session, record, transaction_id)
    [changes] = record_changes(session=session, kind=kinds.of(record).name, pairs=[(record, old)])
    try:
        _restored_values(session, record, old)
    except RestoreRefused as refused:
        problems = refused.problems
    else:
        problems = []
    return RestorePlan(number=number, transaction_id=transaction_id, changes=changes, problems=problems)


def restore_version(
    *, session: Session, record: R, transaction_id: int, actor: User, expected_version: int | None
) -> R:
    """Write a new version whose fields are those of an earlier one, checked as an edit is.

    Refused with ``VersionConflict`` when the record changed since the page was loaded (checked first: the
    rules are only worth applying to the version the user saw), with ``RestoreRefused`` when the edit's
    rules refuse the earlier values."""
    check_version(record, expected_version)
    old, number = _earlier(session, record, transaction_id)
    changes = _restored_values(session, record, old)
    save_record(
        session=session,
        record=record,
        actor=actor,
        changes=changes,
        expected_version=expected_version,
        note=f"Restored version {number}",
    )
    after_save = kinds.of(record).after_save
    if after_save is not None:
        after_save.resolve()(session, record)
    return record
