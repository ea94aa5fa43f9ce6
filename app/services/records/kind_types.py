"""What an entry of the record kinds registry (``kinds``) is made of: the ``Kind`` itself, the ``Page`` its
records are shown on, and the ``Hook`` that names a function of a service module.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any, Generic, TypeVar, cast

from sqlmodel import Session, SQLModel

from app.models import Versioned
from app.models.base import Labelled

# Given the record and an earlier version's values, the changes the kind's edit would save from them, or the
# edit's field error: a restore runs the edit's own checks.
RestoreCheck = Callable[[Session, Any, dict[str, Any]], dict[str, Any]]
# What the kind's edit keeps in step after writing (index rows derived from the record).
AfterSave = Callable[[Session, Any], None]
F = TypeVar("F", bound=Callable[..., Any])


@cache
def _attribute(module: str, name: str) -> Any:
    return getattr(import_module(module), name)


@dataclass(frozen=True)
class Hook(Generic[F]):
    """A function of a service module, by name: the service modules import the registry, so it cannot
    import them. ``tests/services/records/test_kinds.py`` resolves every hook."""

    module: str
    name: str

    def resolve(self) -> F:
        return cast(F, _attribute(self.module, self.name))


@dataclass(frozen=True)
class Page:
    """The page a record is shown on: a route name and, for a record's own page, its id parameter (None for a
    list page). A page within a strategy also takes the strategy's slug; every page takes the place's."""

    route: str
    id_param: str | None = None
    in_strategy: bool = True
    # path parameters the route takes for every record of the kind (strengths' pages: records="strengths")
    fixed: tuple[tuple[str, str], ...] = ()

    def params(self, record_id: int | None) -> dict[str, str | int]:
        """The route's parameters for the record with ``record_id``, besides the place's and strategy's."""
        params: dict[str, str | int] = dict(self.fixed)
        if self.id_param is not None and record_id is not None:
            params[self.id_param] = record_id
        return params


@dataclass(frozen=True)
class Kind:
    """A versioned record type as every generic page knows it."""

    model: type[Versioned]
    noun: str
    # field name -> label, in the order the history shows them; a field not listed is not shown.
    labels: Mapping[str, str]
    page: Page
    # The stage whose editions include it (such a record can be deleted); None for places' and strategies'
    # own records and for comments.
    stage: str | None = None
    # What a councillor never sees: a kind that is what residents said (shown as a count only), or fields
    # about people or quoting them.
    personal: bool = False
    personal_fields: frozenset[str] = frozenset()
    # Fields whose values are members of an enum, shown by the member's label.
    choices: Mapping[str, type[Labelled]] = field(default_factory=dict)
    # Fields holding a list of ids of another table's rows, shown by those rows' names. A field that is a
    # foreign key to another kind's table needs no entry: it is found from the model.
    lookups: Mapping[str, type[SQLModel]] = field(default_factory=dict)
    # Fields read in a particular way (``app.services.records.values``): "money", "percent", "milestones",
    # "risks", "scores", "score_basis".
    formats: Mapping[str, str] = field(default_factory=dict)
    check: Hook[RestoreCheck] | None = None
    after_save: Hook[AfterSave] | None = None
    # Behind the tension log permission (app/services/access.py): its pages, history and figures answer
    # only to people who hold it, and it is in no edition, export list, review or activity figure.
    restricted: bool = False

    @property
    def name(self) -> str:
        """What addresses and stored references call the kind: its table's name, such as action_update."""
        return str(self.model.__tablename__)
