"""The page helper itself: it must catch repeated ids, those inside inline SVG charts too."""

import httpx
import pytest

from tests.pages import check_page

PAGE = """<!DOCTYPE html><html lang="en"><head><title>A page – Cohesion Strategy Toolkit</title></head>
<body><main id="main-content"><h1>A page</h1>{body}</main></body></html>"""
CHART = '<svg role="img" aria-labelledby="c-title"><title id="c-title">Chart</title></svg>'


def _response(body: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html"}, text=PAGE.format(body=body))


def test_one_chart_passes() -> None:
    check_page(_response(CHART))


def test_the_same_chart_twice_repeats_ids_inside_svg() -> None:
    with pytest.raises(AssertionError, match="duplicate ids"):
        check_page(_response(CHART + CHART))


def test_a_label_naming_no_element_is_caught() -> None:
    with pytest.raises(AssertionError, match="names no element"):
        check_page(_response('<svg role="img" aria-labelledby="nothing-here"></svg>'))
