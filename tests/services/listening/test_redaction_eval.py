"""The redactor on its labelled comments: the held-out part meets the goals, and the report says so."""

import io

from app.services.listening import redaction_eval
from app.services.listening.redaction import KINDS


def test_held_out_comments_meet_the_goals() -> None:
    report = redaction_eval.evaluate(redaction_eval.load("heldout"), speed_seconds=0)
    assert report.recall >= 0.95, report.missed
    assert len(report.altered) * 70 <= report.clean, report.altered
    assert report.postcodes and report.outward_kept == report.postcodes


def test_development_comments_meet_the_goals_too() -> None:
    report = redaction_eval.evaluate(redaction_eval.load("development"), speed_seconds=0)
    assert report.recall >= 0.95, report.missed
    assert len(report.altered) * 70 <= report.clean, report.altered


def test_the_set_is_large_labelled_and_covers_every_kind() -> None:
    items = redaction_eval.load("all")
    assert len(items) >= 300
    clean = [item for item in items if not item["pii"]]
    assert len(clean) >= 100
    seen = {expected["kind"] for item in items for expected in item["pii"]}
    assert seen == set(KINDS)
    cues = {expected["cue"] for item in items for expected in item["pii"] if expected["kind"] == "name"}
    assert cues == {"introduced", "title", "relation", "signoff", "bare"}
    for item in items:
        for expected in item["pii"]:
            assert item["text"].count(expected["text"]) == 1, item


def test_a_miss_and_an_altered_clean_line_are_counted() -> None:
    items = [
        {"text": "The park is lovely", "pii": [{"kind": "name", "cue": "bare", "text": "park"}]},
        {"text": "My name is Sarah", "pii": []},
        {"text": "I live at B11 1AA", "pii": [{"kind": "postcode", "text": "B11 1AA"}]},
    ]
    report = redaction_eval.evaluate(items, speed_seconds=0.01)
    assert report.found["name"] == 0 and report.total["name"] == 1
    assert report.found["postcode"] == 1 and report.outward_kept == 1
    assert report.altered == [("My name is Sarah", "My name is [name removed]")]
    assert report.per_second > 0


def test_cli_prints_recall_by_kind_clean_lines_and_speed(monkeypatch) -> None:
    monkeypatch.setattr(redaction_eval, "SPEED_SECONDS", 0.01)
    out = io.StringIO()
    assert redaction_eval.run_cli("heldout", out) == 0
    text = out.getvalue()
    assert "name: title" in text and "Clean comments altered:" in text and "comments a second" in text


def test_the_cli_commands_evaluate_and_rebuild(monkeypatch, capsys, tmp_path) -> None:
    from openpyxl import Workbook

    from app import cli
    from app.services.listening import first_names_build

    monkeypatch.setattr(redaction_eval, "SPEED_SECONDS", 0.01)
    assert cli.main(["evaluate-redaction", "--part", "development"]) == 0
    count = len(redaction_eval.load("development"))
    assert f"Redaction on the development comments: {count} comments" in capsys.readouterr().out

    book = Workbook()
    book.active.append(["Name", "Count"])
    book.active.append(["Nell", 40])
    book.save(tmp_path / "girlsnames2024.xlsx")
    output = tmp_path / "first_names.txt"
    monkeypatch.setattr(first_names_build, "OUTPUT", output)
    assert cli.main(["build-first-names", str(tmp_path)]) == 0
    assert "Wrote 1 first name to" in capsys.readouterr().out
    assert output.read_text(encoding="utf-8").splitlines()[-1] == "nell"


def test_the_benchmark_task_reports_comments_a_second() -> None:
    from bench import tasks

    result = tasks.run_redaction(seconds=0.05)
    assert result["comments"] == len(redaction_eval.load("all")) and result["per_second"] > 0
