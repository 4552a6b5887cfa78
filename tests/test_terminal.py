"""`bilimbot run` without a token: the same bot in the terminal, driven through stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_terminal_mode_answers_and_presses_buttons(db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env["BILIMBOT_DB"] = str(db_path)
    # Pasted all at once: the terminal's single user is never throttled.
    typed = "3\nмектеп автобусы калай алуга болады\n/programs\n1\nинклюзия\nтегин тамак\nРахмет!\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--user-id", "7"], input=typed.encode(),
        capture_output=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert "Қай өңірденсіз?" in out  # /start is sent for the user
    assert "Өңіріңіз сақталды: Шымкент қаласы" in out  # button 3 pressed
    assert "Мектепке тегін тасымалдау" in out or "автобус" in out.lower()
    assert "] 👍" in out and "] 📚 Дереккөздер" in out
    assert "Бағдарламаны таңдаңыз" in out  # category 1 opened from /programs
    assert "<b>" not in out
    assert "тым жиі" not in out
    assert "Тағы сұрағыңыз болса" in out  # the last line was answered too


def test_the_json_text_is_exactly_what_the_terminal_prints(db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env["BILIMBOT_DB"] = str(db_path)
    questions = ["Жамбылда тегін тамақты неше бала алады?", "мектеп автобусы", "сәлем", "ауа райы"]
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--batch"],
        input="\n".join(questions).encode(), capture_output=True, env=env, timeout=120,
        check=True,
    )  # fmt: skip
    texts = [json.loads(line)["text"] for line in asked.stdout.decode().splitlines()]
    typed = "\n".join(questions) + "\n"
    run = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--user-id", "8"], input=typed.encode(),
        capture_output=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    out = run.stdout.decode()
    for text in texts:
        assert text and f"\n{text}\n" in out
