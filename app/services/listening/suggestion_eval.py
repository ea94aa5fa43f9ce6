"""How good the theme suggestions are: top-3 accuracy on a labelled set of fictional comments, from keywords
alone and learning from the other comments. ``python -m app.services.listening.suggestion_eval`` prints it.
"""

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from app.services.listening.suggestions import DEFAULT_THEMES, Example, ThemeInfo, suggest_themes

EXAMPLES_PATH = Path(__file__).with_name("suggestion_examples.jsonl")


def load_examples(path: Path | str) -> list[Example]:
    """Read labelled voices, one JSON line ``{"text": ..., "themes": [slug, ...]}`` each; skip blank lines."""
    examples = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        if not (
            isinstance(item, dict)
            and isinstance(item.get("text"), str)
            and isinstance(item.get("themes"), list)
            and all(isinstance(slug, str) for slug in item["themes"])
        ):
            raise ValueError(f"Line {number} of {path} needs a text and a list of theme slugs.")
        examples.append(Example(item["text"], tuple(item["themes"])))
    return examples


class Evaluation(TypedDict):
    items: int
    folds: int
    keyword_top3_accuracy: float
    learning_top3_accuracy: float
    theme_counts: dict[str, int]


def _top3_hit(example: Example, themes: Sequence[ThemeInfo], examples: Sequence[Example]) -> bool:
    found = suggest_themes(example.text, themes=themes, examples=examples, limit=3)
    return any(suggestion.slug in example.theme_slugs for suggestion in found)


def evaluate(
    examples_path: Path | str = EXAMPLES_PATH, *, themes: Sequence[ThemeInfo] = DEFAULT_THEMES, folds: int = 5
) -> Evaluation:
    """Top-3 accuracy on a labelled set: the share of voices whose top three suggestions hold a right theme.

    Measured twice: with keywords only, and learning from confirmed voices by ``folds``-fold cross-validation
    (voice i is in fold i mod ``folds``, and each fold is suggested for with the other folds as ``examples``),
    so no voice is ever its own example.
    """
    examples = load_examples(examples_path)
    keyword_hits = sum(_top3_hit(example, themes, ()) for example in examples)
    learning_hits = 0
    for fold in range(folds):
        training = [example for position, example in enumerate(examples) if position % folds != fold]
        testing = [example for position, example in enumerate(examples) if position % folds == fold]
        learning_hits += sum(_top3_hit(example, themes, training) for example in testing)
    total = len(examples)
    return Evaluation(
        items=total,
        folds=folds,
        keyword_top3_accuracy=keyword_hits / total if total else 0.0,
        learning_top3_accuracy=learning_hits / total if total else 0.0,
        theme_counts=dict(
            sorted(Counter(slug for example in examples for slug in example.theme_slugs).items())
        ),
    )


def main() -> int:
    result = evaluate()
    themes = len(result["theme_counts"])
    print(f"Evaluation set: {EXAMPLES_PATH.name}, {result['items']} voices, {themes} themes")
    print(f"Top-3 accuracy, keywords only: {result['keyword_top3_accuracy']:.3f}")
    print(f"Top-3 accuracy, learning ({result['folds']}-fold): {result['learning_top3_accuracy']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
