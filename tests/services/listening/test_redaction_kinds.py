"""Each kind of personal detail the redactor removes, its typed marker, and the lines it must leave alone."""

import pytest

from app.services.listening.redaction import MARKERS, mark_removals, redact


def _removed(text: str) -> list[tuple[str, str]]:
    return [(removal.kind, text[removal.start : removal.end]) for removal in redact(text).removed]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I'm Nell and I run the choir", "Nell"),
        ("hi im ashleigh, the lights are out", "ashleigh"),
        ("I am Matthew Cole, a bus driver", "Matthew Cole"),
        ("This is Wendy from the tenants group", "Wendy"),
        ("speak to Ruth Adeyemi at the library", "Ruth Adeyemi"),
        ("Ask for Gordon at reception", "Gordon"),
        ("Please contact Yusuf about the football", "Yusuf"),
        ("ring Maggie on the office line", "Maggie"),
        ("my name's Aled", "Aled"),
    ],
)
def test_names_after_a_cue_in_any_case(text: str, name: str) -> None:
    assert ("name", name) in _removed(text)
    assert "[name removed]" in redact(text).text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mrs Khan next door", "Khan"),
        ("Mr Brown at the shop", "Brown"),
        ("Dr. Osei retired", "Osei"),
        ("PC Rowlands walks the beat", "Rowlands"),
        ("Aunty Meena cooks for everyone", "Meena"),
        ("Councillor Joan Pike said no", "Joan Pike"),
        ("Mrs Hill is lovely", "Hill"),
        ("Sister Grace visits", "Grace"),
    ],
)
def test_names_after_a_title_keep_the_title(text: str, name: str) -> None:
    assert _removed(text) == [("name", name)]
    assert redact(text).text.startswith(text.split(" ")[0] + " [name removed]")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My son Tyler got jumped", "Tyler"),
        ("our councillor Dave Hughes never comes", "Dave Hughes"),
        ("The warden, Keith, locks up early", "Keith"),
        ("my nan Iris plays bingo", "Iris"),
        ("my neighbour Bernard is 90", "Bernard"),
    ],
)
def test_names_after_a_family_or_role_word(text: str, name: str) -> None:
    assert ("name", name) in _removed(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Thanks for listening. Cheers, Gaz", "Gaz"),
        ("Fix the lights please\nRegards,\nOwen Pritchard", "Owen Pritchard"),
        ("More benches please - Lorraine", "Lorraine"),
        ("Kieran from the boxing club is great", "Kieran"),
        ("Without Graham Pearce the allotments would close", "Graham Pearce"),
        ("Jordan and Kayleigh set up the litter pick", "Jordan"),
    ],
)
def test_names_signed_off_or_with_no_cue(text: str, name: str) -> None:
    assert ("name", name) in _removed(text)


@pytest.mark.parametrize(
    ("text", "kind", "removed"),
    [
        ("write to jo.hartley at gmail dot com", "email", "jo.hartley at gmail dot com"),
        ("kezza1979[at]btinternet[dot]com", "email", "kezza1979[at]btinternet[dot]com"),
        ("Follow me @DazBrum88 for photos", "social_handle", "@DazBrum88"),
        ("I'm on Instagram as leafy_lane_mum", "social_handle", "leafy_lane_mum"),
        ("see facebook.com/kerry.walsh.77", "social_handle", "facebook.com/kerry.walsh.77"),
        ("The car KX67 TYU blocks the kerb", "vehicle_registration", "KX67 TYU"),
        ("An old Escort R482 JLD", "vehicle_registration", "R482 JLD"),
        ("An old Mini, ABC 123D, never moves", "vehicle_registration", "ABC 123D"),
        ("DOB 03/04/1985 on the form", "date_of_birth", "03/04/1985"),
        ("I was born on 7th March 1949 here", "date_of_birth", "7th March 1949"),
        ("Come to 14 Elm Road and see the damp", "address", "14 Elm Road"),
        ("Flat 6, Hawthorn House has no lift", "address", "Flat 6, Hawthorn House"),
        ("Flat 3, 14 Mill Road", "address", "Flat 3, 14 Mill Road"),
        ("Rosemary Cottage, Mill Lane floods", "address", "Rosemary Cottage, Mill Lane"),
    ],
)
def test_other_details_get_their_own_marker(text: str, kind: str, removed: str) -> None:
    assert _removed(text) == [(kind, removed)]
    assert redact(text).text == text.replace(removed, MARKERS[kind])


def test_facebook_groups_are_not_people() -> None:
    text = "facebook.com/groups/brackenfordbuysell is a lifeline"
    assert redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "I'm Muslim and I feel welcome here",
        "Call me old fashioned but I miss the fete",
        "Black Lives Matter posters were torn down",
        "Age UK run a befriending service",
        "St Mary's Church hall is warm",
        "The Number 8 bus is always late",
        "Route 66 diner closed",
        "There was a crash at junction 6",
        "Objection to planning ref 24/01234/FUL",
        "The gates open at 07:30",
        "They spent £5,000 on a sign",
        "81% of us voted for the park",
        "Things were better before 2019",
        "Northfield has lost its bank",
        "The M6 noise is constant",
        "Hope Street needs speed bumps",
        "May is when the mela happens",
        "Grace Road cricket ground is being sold",
        "Victoria Park is full of litter",
        "Albert Road is a rat run",
        "Mill Road is closed again",
        "The meeting is on 12/03/2026",
        "I live in B11 and work in LS6",
        "Mark my words, the flats will be empty",
        "Will the council fund the youth club?",
        "Lady Lane is dark at night",
        "Lord Street is closed",
        "Dr Who fans meet here",
        "I'm from Romania",
        "Thanks to Sure Start",
    ],
)
def test_tempting_clean_lines_are_left_alone(text: str) -> None:
    assert redact(text).text == text


def test_the_outward_postcode_stays() -> None:
    assert redact("We moved to ls8 3hp last year").text == "We moved to ls8 last year"


def test_markers_are_highlighted_and_everything_else_escaped() -> None:
    html = str(mark_removals("<b>Call</b> me [name removed] on [phone removed]"))
    assert html == (
        '&lt;b&gt;Call&lt;/b&gt; me <mark class="app-removed">[name removed]</mark> on '
        '<mark class="app-removed">[phone removed]</mark>'
    )
