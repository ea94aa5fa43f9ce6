"""Words for numbers, shared by templates (the ``plural`` filter) and services' sentences."""


def plural(count: int, singular: str, plural: str | None = None, *, shown: str | int | None = None) -> str:
    """ "1 voice", "1,234 voices", "3 priorities". ``shown`` replaces the number, for a count the disclosure
    rule has already turned into text ("fewer than 10 voices"); ``shown=""`` gives the word alone."""
    word = singular if count == 1 else plural or singular + "s"
    number = f"{count:,}" if shown is None else str(shown)
    return f"{number} {word}" if number else word
