"""The template environment: strict in the app's templates, lenient inside GOV.UK Frontend's macros."""

import pytest
from jinja2 import ChainableUndefined, UndefinedError

from app import templating
from app.templating import plural, templates
from tests.pages import check_strict_templates


def test_a_missing_variable_in_an_app_template_fails_the_render() -> None:
    with pytest.raises(UndefinedError, match="'review' is undefined"):
        templates.env.get_template("review/_panel.html").render()
    with pytest.raises(UndefinedError):
        templates.env.from_string("{{ place.nmae }}").render(place={"name": "Oldham"})


def test_govuk_macros_stay_lenient() -> None:
    """GOV.UK Frontend's macros read their optional parameters as missing keys."""
    html = templates.env.from_string(
        '{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}'
        '{{ govukInput({"name": "title", "id": "title", "label": {"text": "Title"}}) }}'
    ).render()
    assert 'id="title"' in html
    assert templates.env.get_template(
        "govuk_frontend_jinja/components/input/macro.html"
    ).environment.undefined is (ChainableUndefined)


def test_the_page_check_fires_when_templates_are_lenient() -> None:
    check_strict_templates()
    lenient = templates.env.overlay(undefined=ChainableUndefined)
    with pytest.raises(AssertionError, match="missing variable"):
        check_strict_templates(lenient)


def test_plural() -> None:
    assert plural(1, "voice") == "1 voice"
    assert plural(1234, "voice") == "1,234 voices"
    assert plural(0, "priority", "priorities") == "0 priorities"
    assert plural(3, "voice", shown="fewer than 10") == "fewer than 10 voices"
    assert plural(1, "was", "were", shown="") == "was"
    assert plural(2, "was", "were", shown="") == "were"


def test_a_kept_fragment_is_rendered_once_per_key_and_again_for_a_new_one() -> None:
    templating.forget_fragments()
    rendered: list[str] = []
    page = templating.templates.env.from_string(
        '{% call kept("test grid", cells) %}{{ note(cells) }}<td>{{ cells | join(",") }}</td>{% endcall %}'
    )

    def note(cells: tuple[int, ...]) -> str:
        rendered.append(str(cells))
        return ""

    assert page.render(cells=(1, 2), note=note) == "<td>1,2</td>"
    assert page.render(cells=(1, 2), note=note) == "<td>1,2</td>"
    assert rendered == ["(1, 2)"], "the same key is answered from what was kept"
    assert page.render(cells=(1, 3), note=note) == "<td>1,3</td>", "other data, another rendering"
    assert page.render(cells=("<b>",), note=note) == "<td>&lt;b&gt;</td>", "still escaped"


def test_a_figure_meets_its_unit_as_people_write_it() -> None:
    from app.text import with_unit

    assert with_unit(52.0, "%") == "52%"
    assert with_unit(52.5, "%") == "52.5%"
    assert with_unit(220.0, "people") == "220 people"
    assert with_unit("1,200", "people") == "1,200 people"
    assert with_unit(3, "days") == "3 days"
    assert with_unit("57.2", "%") == "57.2%"
    page = templates.env.from_string(
        "{{ 220.0 | with_unit('people') }}; {{ 52.0 | with_unit('%') }}"
    ).render()
    assert page == "220 people; 52%"
