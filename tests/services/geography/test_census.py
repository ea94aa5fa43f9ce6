"""Census 2021 ward tables in the Nomis bulk and ONS custom-dataset forms, read into profile groups."""

import io
from pathlib import Path

import pytest

from app.services.geography import census

FIXTURES = Path(__file__).parents[2] / "fixtures" / "geography"
WARDS = {"W05000901", "W05000902", "W05000903", "W05000904"}


def _read(*names: str) -> census.CensusFigures:
    streams = [(name, (FIXTURES / name).open("rb")) for name in names]
    try:
        return census.read_census(streams, ward_codes=WARDS)
    finally:
        for _name, stream in streams:
            stream.close()


def test_nomis_bulk_ethnic_group_uses_each_groups_own_column() -> None:
    figures = _read("nomis-ts021-ethnic-group.csv")
    profiles = census.settle(figures)
    assert figures.tables == ["TS021"]
    assert profiles["W05000901"]["ethnic_group"] == {
        "Asian or Asian British": 80,
        "Black, Black British, Caribbean or African": 45,
        "Mixed or multiple": 40,
        "White": 3315,
        "Other ethnic group": 40,
    }
    assert profiles["W05000902"]["ethnic_group"]["White"] == 6630
    assert "W05000951" not in profiles and figures.skipped_rows == 1, "another place's ward is skipped"


def test_the_long_form_rolls_sub_categories_into_their_group() -> None:
    wide = census.settle(_read("nomis-ts021-ethnic-group.csv"))
    long = census.settle(_read("ons-ts021-ethnic-group-20.csv"))
    assert long == wide


def test_every_table_in_both_forms_at_once() -> None:
    figures = _read(
        "ons-ts007a-age.csv",
        "nomis-ts008-sex.csv",
        "nomis-ts021-ethnic-group.csv",
        "ons-ts030-religion.csv",
        "ons-ts038-disability.csv",
    )
    profile = census.settle(figures)["W05000901"]
    assert profile["age_band"] == {
        "Under 16": 640,  # three bands of 200 and a fifth of the 15 to 19 band
        "16-24": 360,
        "25-34": 400,
        "35-49": 600,
        "50-64": 600,
        "65+": 1000,
    }
    assert profile["gender"] == {"Woman": 1850, "Man": 1750}
    assert profile["faith"]["Christian"] == 1900 and "Not answered" not in profile["faith"]
    assert profile["disability"] == {"Disabled": 700, "Not disabled": 2900}
    assert census.source_text(figures.tables) == "Census 2021, tables TS007A, TS008, TS021, TS030 and TS038"


def test_bad_codes_and_unknown_categories_are_all_listed() -> None:
    with pytest.raises(census.CensusError) as refused:
        _read("nomis-ts021-bad.csv", "ons-ts030-bad.csv")
    assert refused.value.problems == [
        "nomis-ts021-bad.csv: the column “Ethnic group: Martian” is not a category of table TS021",
        "nomis-ts021-bad.csv, row 3: “W0500090X” is not a GSS code like E05013038",
        "ons-ts030-bad.csv, row 23: “x” is not a category code",
        "ons-ts030-bad.csv, row 24: “lots” is not a count",
        "ons-ts030-bad.csv, row 22: the category “Jedi” (code 11) is not one of table TS030",
    ]


def test_the_same_table_twice_is_refused() -> None:
    with pytest.raises(census.CensusError) as refused:
        _read("nomis-ts021-ethnic-group.csv", "ons-ts021-ethnic-group-20.csv")
    assert refused.value.problems == [
        "ons-ts021-ethnic-group-20.csv: table TS021 (Ethnic group) is given more than once"
    ]


def test_a_file_of_another_table_is_named() -> None:
    with pytest.raises(census.CensusError) as refused:
        _read("ward-lookup-wd24.csv")
    assert "not a Nomis bulk table or an ONS custom dataset" in refused.value.problems[0]


def _refused(name: str, content: str) -> list[str]:
    with pytest.raises(census.CensusError) as refused:
        census.read_census([(name, io.BytesIO(content.encode()))], ward_codes=WARDS)
    return refused.value.problems


def test_a_nomis_table_of_sex_with_a_bad_row_and_a_count_that_is_not_one() -> None:
    problems = _refused(
        "sex.csv",
        "date,geography,geography code,Sex: All persons,Sex: Female,Sex: Male,Age: Total\n"
        "2021,Aberffrwd North,W05000901,10,5,lots,10\n"
        "2021,Aberffrwd South,W05000902,10,5,5,10,99\n"
        "2021,Elsewhere,E05000001,10,5,5,10\n",
    )
    assert problems == [
        "sex.csv: the column “Age: Total” is not a category of table TS008",
        "sex.csv, row 2: “lots” in “Sex: Male” is not a count",
        "sex.csv, row 3: Row 3 has 8 values but the header has 7 columns",
    ]


def test_nomis_columns_of_no_known_table_are_refused() -> None:
    assert _refused("tenure.csv", "date,geography,geography code,Tenure: Owned\n2021,A,W05000901,3\n") == [
        "tenure.csv: its columns are not one of the tables TS007A, TS008, TS021, TS030, TS038"
    ]
    assert _refused("codes.csv", "date,geography,geography code\n2021,A,W05000901\n") == [
        "codes.csv: its columns are not one of the tables TS007A, TS008, TS021, TS030, TS038"
    ]


def test_a_nomis_table_counts_only_this_places_wards() -> None:
    content = (
        "date,geography,geography code,Sex: All persons,Sex: Female,Sex: Male\n"
        '2021,Aberffrwd North,w05000901 ,10,"1,005",4.5\n'
        "2021,Elsewhere,E05000001,10,5,5\n"
    )
    figures = census.read_census([("sex.csv", io.BytesIO(content.encode()))], ward_codes=WARDS)
    assert figures.tables == ["TS008"] and figures.skipped_rows == 1
    assert census.settle(figures) == {"W05000901": {"gender": {"Woman": 1005, "Man": 4}}}
