"""Personal details go before storage, ordinary text stays, and offsets point into the original text."""

import io
import json

import pytest

from app.services.listening.redaction import MARKERS, Removal, redact, run_cli


def _removed_texts(text: str) -> list[tuple[str, str]]:
    return [(removal.kind, text[removal.start : removal.end]) for removal in redact(text).removed]


@pytest.mark.parametrize(
    "email",
    [
        "sam@example.com",
        "jo.bloggs+listening@example.co.uk",
        "A.N.Other@council.example.gov.uk",
        "first_last-99@mail.example.org",
    ],
)
def test_email_addresses_are_removed(email: str) -> None:
    text = f"Write to me at {email} please."
    result = redact(text)
    assert result.text == "Write to me at [email removed] please."
    assert _removed_texts(text) == [("email", email)]


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "07700.900.123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900 123",
        "+44 (0) 7700 900123",
        "0044 7700 900123",
        "0121 496 0000",
        "(0121) 496 0000",
        "(0121)4960000",
        "0121-496-0000",
        "020 7946 0000",
        "(020) 7946 0000",
        "01632 960 001",
        "01632 960001",
        "0800 123 4567",
        "0800 123 456",
    ],
)
def test_uk_phone_numbers_in_common_forms_are_removed(phone: str) -> None:
    text = f"Ring me on {phone}, any evening."
    result = redact(text)
    assert result.text == "Ring me on [phone removed], any evening."
    assert _removed_texts(text) == [("phone", phone)]


@pytest.mark.parametrize(
    ("postcode", "outward"),
    [
        ("B11 1AA", "B11"),
        ("SW1A 1AA", "SW1A"),
        ("m1 1ae", "m1"),
        ("EC1A1BB", "EC1A"),
        ("LS6 2AB", "LS6"),
        ("W1A 0AX", "W1A"),
        ("CR2 6XH", "CR2"),
        ("DN551PT", "DN55"),
    ],
)
def test_full_postcodes_are_cut_to_the_outward_code(postcode: str, outward: str) -> None:
    text = f"I live at {postcode}, near the park."
    result = redact(text)
    assert result.text == f"I live at {outward}, near the park."
    [removal] = result.removed
    assert removal.kind == "postcode"
    assert text[removal.start : removal.end] == postcode[len(outward) :]
    assert text[: removal.start].endswith(outward)


@pytest.mark.parametrize(
    "ni_number", ["QQ 12 34 56 C", "QQ123456C", "ab 123456 d", "AB 12 34 56 A", "JG103759A"]
)
def test_national_insurance_numbers_are_removed(ni_number: str) -> None:
    text = f"My NI number is {ni_number} if you need it."
    result = redact(text)
    assert result.text == "My NI number is [National Insurance number removed] if you need it."
    assert _removed_texts(text) == [("ni_number", ni_number)]


@pytest.mark.parametrize(
    ("text", "expected", "name"),
    [
        ("my name is Sarah Jones and I run the lunch club", "my name is [name removed] and", "Sarah Jones"),
        ("Hi, My name's Tomasz, I drive the 52", "My name's [name removed], I drive", "Tomasz"),
        ("My name’s Aisha.", "My name’s [name removed].", "Aisha"),
        ("I'm called Priya Kaur Sandhu by everyone", "I'm called [name removed] by", "Priya Kaur Sandhu"),
        ("I am called Bill.", "I am called [name removed].", "Bill"),
        ("call me Mo.", "call me [name removed].", "Mo"),
        ("They call me Big Dave round here", "They call me [name removed] round", "Big Dave"),
        ("MY NAME IS ANNE-MARIE O'NEILL", "MY NAME IS [name removed]", "ANNE-MARIE O'NEILL"),
        ("my name is Zoë", "my name is [name removed]", "Zoë"),
    ],
)
def test_names_introduced_by_a_phrase_are_removed_and_the_phrase_stays(
    text: str, expected: str, name: str
) -> None:
    result = redact(text)
    assert expected in result.text
    assert _removed_texts(text) == [("name", name)]


@pytest.mark.parametrize(
    "text",
    [
        "The 52 bus to Northfield stops at 7pm",
        "We raised £2,500 in 2025",
        "It cost £1,200 last year and £950.50 the year before",
        "Mill Road is closed again",
        "Room 101",
        "Call the council",
        "The meeting is on 12/03/2026 at 07:30",
        "The meeting is on 01/03/2026",
        "Rents went up 12.5% in 2024",
        "Reference 123456 on the letter",
        "I live in B11 and work in LS6",
        "stuck on the M6 9am every day",
        "See https://example.org/consultation?id=01214960000&ref=B11%201AA for details",
        "www.example.org/page/07700900123",
        "I'm called to help at the food bank",
        "Please call me back",
        "call me if the lights go out again",
        "my name is not important",
        "My name is Not important, the park is",
        "Call me When you can",
        "It is 123456 a year in total",
        "we paid at 123456 a time",
        "There are 2000 homes and 120000 people",
        "Open 9.00-17.00 Monday to Friday",
        "Phone numbers like 999 and 111 still work",
    ],
)
def test_ordinary_text_is_not_redacted(text: str) -> None:
    result = redact(text)
    assert result.text == text
    assert result.removed == []


def test_several_details_in_one_text_are_removed_with_offsets_into_the_original() -> None:
    text = (
        "My name is Jane Doe, I live at B11 1AA. Email jane.doe@example.com or ring 07700 900123; "
        "NI QQ 12 34 56 C. Call me Jay!"
    )
    result = redact(text)
    assert result.text == (
        "My name is [name removed], I live at B11. Email [email removed] or ring [phone removed]; "
        "NI [National Insurance number removed]. Call me [name removed]!"
    )
    assert [removal.kind for removal in result.removed] == [
        "name",
        "postcode",
        "email",
        "phone",
        "ni_number",
        "name",
    ]
    assert [text[removal.start : removal.end] for removal in result.removed] == [
        "Jane Doe",
        " 1AA",
        "jane.doe@example.com",
        "07700 900123",
        "QQ 12 34 56 C",
        "Jay",
    ]
    starts = [removal.start for removal in result.removed]
    assert starts == sorted(starts)
    for before, after in zip(result.removed, result.removed[1:], strict=False):
        assert before.end <= after.start


def test_rebuilding_from_the_removals_gives_the_redacted_text() -> None:
    text = "Contact me on 0121 496 0000 or at me@example.org, postcode m1 1ae."
    result = redact(text)
    rebuilt, position = "", 0
    for removal in result.removed:
        rebuilt += text[position : removal.start] + MARKERS[removal.kind]
        position = removal.end
    rebuilt += text[position:]
    assert rebuilt == result.text == "Contact me on [phone removed] or at [email removed], postcode m1."


def test_an_email_is_one_removal_even_when_it_contains_digits_and_a_postcode_shape() -> None:
    text = "b111aa.07700900123@example.com"
    assert redact(text).removed == [Removal("email", 0, len(text))]


def test_empty_text_has_nothing_removed() -> None:
    result = redact("")
    assert result.text == ""
    assert result.removed == []


def test_cli_redacts_json_lines_and_reports_bad_lines_by_number() -> None:
    stdin = io.StringIO(
        '{"text": "Ring 07700 900123, José"}\n'
        "\n"
        "not json\n"
        '{"text": 42}\n'
        '["text"]\n'
        '{"text": "Nothing personal here"}\n'
    )
    stdout = io.StringIO()
    assert run_cli(stdin, stdout) == 1
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert lines[0] == {
        "text": "Ring [phone removed], José",
        "removed": [{"kind": "phone", "start": 5, "end": 17}],
    }
    assert [line.get("line") for line in lines[1:4]] == [3, 4, 5]
    assert all(isinstance(line["error"], str) and line["error"] for line in lines[1:4])
    assert lines[4] == {"text": "Nothing personal here", "removed": []}
    assert "José" in stdout.getvalue()


def test_cli_returns_zero_when_every_line_is_good() -> None:
    stdout = io.StringIO()
    assert run_cli(io.StringIO('{"text": "call me Ash"}\n\n'), stdout) == 0
    assert json.loads(stdout.getvalue()) == {
        "text": "call me [name removed]",
        "removed": [{"kind": "name", "start": 8, "end": 11}],
    }
