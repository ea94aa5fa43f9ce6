"""The exercise form's who-took-part counts: one input a group, read, shown again and filled from a save."""

from app.models import PROFILE_FIELDS
from app.schemas.listening import parse_profile, profile_inputs, profile_rows, profile_saved, profile_typed

FIELD, (LABEL, GROUPS) = next(iter(PROFILE_FIELDS.items()))


def test_counts_typed_are_read_and_a_wrong_one_is_kept_with_its_error() -> None:
    typed = {
        f"profile-{FIELD}-0": " 12 ",
        f"profile-{FIELD}-1": "a dozen",
        f"profile-{FIELD}-2": "0",
        "title": "x",
    }
    profile, errors = parse_profile(typed)
    assert profile == {FIELD: {GROUPS[0]: 12}}
    assert errors == {f"profile-{FIELD}-1": f"{LABEL}, {GROUPS[1]}: enter a whole number, like 12"}
    assert profile_typed(typed) == {
        f"profile-{FIELD}-0": " 12 ",
        f"profile-{FIELD}-1": "a dozen",
        f"profile-{FIELD}-2": "0",
    }
    shown = dict((field, inputs) for field, _label, inputs in profile_inputs(profile_typed(typed), errors))
    assert shown[FIELD][1] == (f"profile-{FIELD}-1", GROUPS[1], "a dozen", errors[f"profile-{FIELD}-1"])
    assert shown[FIELD][3][2:] == ("", None)


def test_a_saved_breakdown_fills_the_inputs_it_was_read_from() -> None:
    saved = {FIELD: {GROUPS[1]: 7}, "gone": {"anyone": 3}}
    assert profile_saved(saved) == {f"profile-{FIELD}-1": "7"}
    assert parse_profile(profile_saved(saved)) == ({FIELD: {GROUPS[1]: 7}}, {})
    assert profile_saved(None) == {}
    assert profile_rows(saved) == [(LABEL, {GROUPS[1]: 7})]
