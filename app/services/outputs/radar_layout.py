"""Where a radar chart's parts go, centred on (0, 0): the theme labels wrapped and placed round the rings,
the largest radius at which they all fit across the chart's width, and the box that holds what is drawn.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

LABEL_FONT_SIZE: Final = 15
LINE_HEIGHT: Final = 1.2
LABEL_GAP: Final = 12
LABEL_WRAP_CHARS: Final = 16
PADDING: Final = 8


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: "Box") -> "Box":
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def grow(self, by: float) -> "Box":
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    anchor: str
    lines: list[str]
    box: Box


class Layout:
    """Geometry centred on (0, 0): the radius is as large as lets the theme labels fit across ``size``."""

    def __init__(self, *, labels: Sequence[str], scale_min: int, scale_max: int, size: int) -> None:
        self.scale_min = scale_min
        self.steps = scale_max - scale_min + 1
        self.angles = [-math.pi / 2 + 2 * math.pi * i / len(labels) for i in range(len(labels))]
        wrapped = [_wrap(label) for label in labels]
        self.radius = _fitting_radius(wrapped, self.angles, size)
        self.labels = [
            _place_label(lines, angle, self.radius) for lines, angle in zip(wrapped, self.angles, strict=True)
        ]
        box = Box(-self.radius, -self.radius, self.radius, self.radius)
        for label in self.labels:
            box = box.union(label.box)
        self.box = box

    def ring_radius(self, value: float) -> float:
        # The lowest score sits on the first ring, not the centre, so a 1 still shows as a point of its own.
        return self.radius * (value - self.scale_min + 1) / self.steps

    def point(self, index: int, value: float) -> tuple[float, float]:
        distance = self.ring_radius(value)
        return distance * math.cos(self.angles[index]), distance * math.sin(self.angles[index])


def _fitting_radius(wrapped: list[list[str]], angles: list[float], size: int) -> float:
    """The largest radius at which every label stays within ``size`` across, within sensible bounds."""
    half = size / 2 - PADDING
    radius = size * 0.34
    for lines, angle in zip(wrapped, angles, strict=True):
        width = max(text_width(line, LABEL_FONT_SIZE) for line in lines)
        reach = abs(math.cos(angle))
        anchor = _anchor(angle)
        extent = width / 2 if anchor == "middle" else width
        if reach > 0.01:
            radius = min(radius, (half - extent) / reach - LABEL_GAP)
    return max(radius, size * 0.2)


def _anchor(angle: float) -> str:
    # Labels near the top and bottom centre on their spoke; the rest grow away from the chart.
    cosine = math.cos(angle)
    if abs(cosine) < 0.26:
        return "middle"
    return "start" if cosine > 0 else "end"


def _place_label(lines: list[str], angle: float, radius: float) -> Label:
    distance = radius + LABEL_GAP
    x, y = distance * math.cos(angle), distance * math.sin(angle)
    anchor = _anchor(angle)
    line_height = LABEL_FONT_SIZE * LINE_HEIGHT
    height = line_height * len(lines)
    # Labels above the chart sit on their point, labels below hang from it, side labels centre on it.
    top = y - height / 2 + math.sin(angle) * height / 2
    baseline = top + LABEL_FONT_SIZE * 0.95
    width = max(text_width(line, LABEL_FONT_SIZE) for line in lines)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Label(x=x, y=baseline, anchor=anchor, lines=lines, box=Box(left, top, left + width, top + height))


def _wrap(label: str) -> list[str]:
    """Split a long label into two lines at the space that makes the longer line shortest, top line first."""
    if len(label) <= LABEL_WRAP_CHARS or " " not in label:
        return [label]
    spaces = [i for i, char in enumerate(label) if char == " "]
    split = min(spaces, key=lambda i: (max(i, len(label) - i - 1), -i))
    return [label[:split], label[split + 1 :]]


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of Arial's advance widths, used only to keep labels inside the drawing."""
    narrow, wide = set("fijlrtI.,:;'!|()[] "), set("mwMW@%")
    total = 0.0
    for char in text:
        if char in narrow:
            total += 0.32
        elif char in wide:
            total += 0.88
        elif char.isupper() or char.isdigit():
            total += 0.68
        else:
            total += 0.56
    return total * font_size
