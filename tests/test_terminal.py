"""`bilimbot run` without a token: the same bot in the terminal, driven through stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_terminal_mode_answers_and_presses_buttons(db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env["BILIMBOT_DB"] = str(db_path)
    # Pasted all at once: the terminal's single user is never throttled.
    typed = "2\nмектеп автобусы калай алуга болады\n/programs\n1\nинклюзия\nтегин тамак\nРахмет!\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--user-id", "7"], input=typed.encode(),
        capture_output=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert "Қай өңірденсіз?" in out  # /start is sent for the user
    assert "Өңіріңіз сақталды: Шымкент қаласы" in out  # button 2 pressed
    assert "Мектепке тегін тасымалдау" in out or "автобус" in out.lower()
    assert "[1] 👍" in out
    assert "Бағдарламаны таңдаңыз" in out  # category 1 opened from /programs
    assert "<b>" not in out
    assert "тым жиі" not in out
    assert "Тағы сұрағыңыз болса" in out  # the last line was answered too
