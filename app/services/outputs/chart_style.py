"""How every chart looks: one font and one set of GOV.UK colours for text, grid lines and series, so the
radar, the curve, the timeline, the comparison and the ward map read as one family. Every colour used for
something a reader must see has a contrast of at least 3:1 against white (WCAG 1.4.11)."""

from dataclasses import dataclass
from typing import Final

FONT_FAMILY: Final = "Arial, sans-serif"
TEXT_COLOUR: Final = "#0b0c0c"
SECONDARY_TEXT_COLOUR: Final = "#505a5f"
GRID_COLOUR: Final = "#b1b4b6"
BLUE: Final = "#1d70b8"
RED: Final = "#d4351c"
WHITE: Final = "#ffffff"


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn; colour, line and marker each differ, so no one of them is needed alone."""

    colour: str
    colour_name: str
    dasharray: str | None
    line_name: str
    marker: str


# GOV.UK palette colours, each with a contrast of at least 3:1 against white (WCAG 1.4.11).
SERIES_STYLES: Final = (
    SeriesStyle(BLUE, "blue", None, "solid line", "circle"),
    SeriesStyle(RED, "red", "10 5", "dashed line", "square"),
    SeriesStyle("#00703c", "green", "2 4", "dotted line", "triangle"),
    SeriesStyle("#4c2c92", "purple", "12 4 2 4", "dash-dot line", "diamond"),
    SeriesStyle("#b58840", "brown", "5 3", "short-dashed line", "downward triangle"),
    SeriesStyle("#d53880", "pink", "16 4 2 4 2 4", "dash-dot-dot line", "cross"),
)


def contrast_with_white(colour: str) -> float:
    """The WCAG 2 contrast ratio of a #rrggbb colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)
