"""Choices stored as values and shown in words: every member of every model enum carries its label."""

import enum
import inspect

import pytest

import app.models as models
from app.models import ActionStatus, TensionCategory
from app.models.base import Labelled


def test_a_member_is_found_by_its_value_and_shown_by_its_label() -> None:
    assert ActionStatus("on_track") is ActionStatus.on_track
    assert ActionStatus.on_track == "on_track"
    assert ActionStatus.on_track.label == "On track"
    assert TensionCategory.sexual_orientation_gender_identity.label == "Sexual orientation or gender identity"


def test_a_value_no_member_has_is_shown_as_it_was_stored() -> None:
    assert ActionStatus.label_of("at_risk") == "At risk"
    assert ActionStatus.label_of("delayed") == "delayed"
    assert ActionStatus.label_of(None) == "None"


def test_a_member_cannot_be_declared_without_its_label() -> None:
    with pytest.raises(TypeError, match="needs its label"):

        class Broken(Labelled):
            shown = "shown", "Shown"
            forgotten = "forgotten"


def test_every_choice_a_model_stores_has_a_label() -> None:
    stored = [
        value
        for value in vars(models).values()
        if inspect.isclass(value)
        and issubclass(value, enum.Enum)
        and value.__module__.startswith("app.models")
    ]
    assert len(stored) >= 20
    for choices in stored:
        assert issubclass(choices, Labelled), choices
        assert all(member.label for member in choices), choices
