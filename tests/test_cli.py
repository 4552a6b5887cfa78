"""The command-line contract used by the benchmarks and the evaluation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

KEYS = {"query", "slug", "score", "suggestions", "region", "kind", "text"}


@pytest.fixture(autouse=True)
def _database(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    monkeypatch.setenv("BILIMBOT_DB", str(db_path))
    monkeypatch.delenv("BOT_TOKEN", raising=False)


def _cli(args: list[str], stdin: bytes, db_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "BILIMBOT_DB": str(db_path)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, env=env,
        timeout=120, check=False,
    )  # fmt: skip


def test_ask_prints_the_kazakh_answer_with_its_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "тегин тамак кимге берилед"]) == 0
    out = capsys.readouterr().out
    assert "Тегін ыстық тамақ" in out
    assert "Дереккөз: " in out and "<b>" not in out


def test_ask_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "Шымкентте инклюзивті кабинеттер бар ма?"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row.keys() >= KEYS
    assert row["slug"] == "inclusive-resource-centers"
    assert row["region"] == "shymkent"
    assert isinstance(row["suggestions"], list) and len(row["suggestions"]) <= 3


def test_ask_says_it_does_not_know_with_a_null_slug(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "Ертең ауа райы қандай болады?"]) == 0
    assert json.loads(capsys.readouterr().out)["slug"] is None
    assert main(["ask", "Ертең ауа райы қандай болады?"]) == 0
    assert "жауап таба алмадым" in capsys.readouterr().out


def test_batch_answers_every_line_in_order_with_bad_lines_as_null(db_path: Path) -> None:
    lines = [
        "Тегін ыстық тамақ кімге беріледі?".encode(),
        b"",
        b"mektep avtobusy",
        b"\xff\xfe broken",
        ("инклюзия " * 2000).encode(),
        "Рахмет!".encode(),
    ]
    result = _cli(["ask", "--json", "--batch"], b"\n".join(lines) + b"\n", db_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(rows) == len(lines)
    assert all(row.keys() >= KEYS for row in rows)
    slugs = [row["slug"] for row in rows]
    assert slugs[0] == "free-meals" and slugs[2] == "school-buses"
    assert slugs[1] is None and slugs[3] is None and slugs[5] is None
    assert "error" in rows[3]
    assert rows[4]["slug"] == "inclusive-resource-centers"


def test_non_utf8_argument_gives_no_traceback(db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", os.fsdecode(b"\xff\xfe")],
        capture_output=True, env={**os.environ, "BILIMBOT_DB": str(db_path)}, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert json.loads(result.stdout)["slug"] is None


def test_export_prints_the_whole_knowledge_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert len(entries) >= 24
    assert {"slug", "title", "category", "answer", "regions", "sources", "keywords",
            "questions", "status", "updated_at"} <= entries[0].keys()  # fmt: skip


def test_import_round_trip_and_bad_file_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    document["entries"][0]["answer"] = "Жаңартылған жауап."
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(good)]) == 0
    assert "1 жазба өзгерді" in capsys.readouterr().out

    bad = tmp_path / "bad.json"
    document["entries"][0]["answer"] = "Бұл сақталмауы керек."
    document["entries"][1]["sources"] = []
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    assert "Ештеңе өзгерген жоқ" in capsys.readouterr().err
    (tmp_path / "junk.json").write_bytes(b"{not json")
    assert main(["import", str(tmp_path / "junk.json")]) == 1
    capsys.readouterr()

    assert main(["export", "--format", "json"]) == 0
    after = json.loads(capsys.readouterr().out)["entries"]
    assert after[0]["answer"] == "Жаңартылған жауап."
    assert after[1]["sources"]
