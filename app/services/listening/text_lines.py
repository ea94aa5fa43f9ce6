"""The loop shared by the redaction and theme suggestion commands: JSON lines in, JSON lines out."""

import json
from collections.abc import Callable
from typing import TextIO


def answer_text_lines(stdin: TextIO, stdout: TextIO, answer: Callable[[str], dict[str, object]]) -> int:
    """Write ``answer(text)`` for each JSON line ``{"text": ...}`` of ``stdin``, one line out per line in.

    Blank lines are skipped. A line that is not a JSON object with a string ``text`` gets an ``error`` line
    with its line number, and the rest carry on; the return code is 1 if any line failed, otherwise 0.
    """
    failed = False
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            output: dict[str, object] = {"error": "This line is not valid JSON.", "line": number}
        else:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                output = answer(item["text"])
            else:
                output = {"error": 'This line needs a "text" field holding a string.', "line": number}
        failed = failed or "error" in output
        stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    return 1 if failed else 0
