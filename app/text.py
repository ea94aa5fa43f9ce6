"""Words for numbers and lists, shared by templates (the ``plural`` filter) and services' sentences."""

from collections.abc import Sequence


def plural(count: int, singular: str, plural: str | None = None, *, shown: str | int | None = None) -> str:
    """ "1 voice", "1,234 voices", "3 priorities". ``shown`` replaces the number, for a count the disclosure
    rule has already turned into text ("fewer than 10 voices"); ``shown=""`` gives the word alone."""
    word = singular if count == 1 else plural or singular + "s"
    number = f"{count:,}" if shown is None else str(shown)
    return f"{number} {word}" if number else word


def with_unit(number: str | float, unit: str) -> str:
    """A figure with its unit as people write them: "52%", but "220 people" (a space before a word).
    A float is written as briefly as it can be ("52", "52.5")."""
    text = f"{number:g}" if isinstance(number, float | int) and not isinstance(number, bool) else str(number)
    return f"{text} {unit}" if unit[:1].isalpha() else f"{text}{unit}"


def listed(items: Sequence[str]) -> str:
    """Names as a sentence lists them: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
