"""Words for numbers and lists (app/text.py)."""

from app.text import listed, plural, with_unit


def test_names_are_listed_as_a_sentence_lists_them() -> None:
    assert listed([]) == ""
    assert listed(["Northfield"]) == "Northfield"
    assert listed(["Northfield", "Eastbrook"]) == "Northfield and Eastbrook"
    assert listed(["Northfield", "Eastbrook", "Millside"]) == "Northfield, Eastbrook and Millside"


def test_counts_and_units_read_as_people_write_them() -> None:
    assert plural(1, "voice") == "1 voice"
    assert plural(1234, "priority", "priorities") == "1,234 priorities"
    assert with_unit(52.0, "%") == "52%" and with_unit(220, "people") == "220 people"
