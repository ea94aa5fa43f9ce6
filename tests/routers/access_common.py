"""Shared pieces of the access table (see test_access.py)."""

from collections.abc import Callable
from typing import Any

from tests.conftest import PERSONAS, World

# (route name, method) -> (path parameters from the World, expected status per persona)
AccessTable = dict[tuple[str, str], tuple[Callable[[World], dict[str, Any]], dict[str, int]]]

LOGIN = 303  # anonymous users are sent to sign in


def expect(
    anonymous: int, officer: int, other: int, facilitator: int, councillor: int, admin: int
) -> dict[str, int]:
    return dict(zip(PERSONAS, (anonymous, officer, other, facilitator, councillor, admin), strict=True))


def strategy_params(w: World) -> dict[str, Any]:
    return {"place_slug": w.place.slug, "strategy_slug": w.strategy.slug}
