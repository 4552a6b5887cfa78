"""The /stats picture: four panels a phone shows readably, drawn with matplotlib.

Drawing takes tens of milliseconds of CPU: callers run `stats_png` off the event loop
(asyncio.to_thread). Each call has its own Figure, drawn to PNG by the Agg renderer
without pyplot, so threads share no global state. matplotlib is imported with the first
picture, not at start: importing it costs every bot process about a second.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from replies import texts

LABEL_WIDTH = 22  # characters of a program's title per line on the bars
TOP = 5


def _label(title: str) -> str:
    return "\n".join(textwrap.wrap(title, LABEL_WIDTH)[:2])


def _empty(ax: Any) -> None:
    ax.text(0.5, 0.5, texts.CHART_EMPTY, ha="center", va="center", fontsize=16, color="grey")
    ax.set_axis_off()


def stats_png(data: Mapping[str, Any], titles: Mapping[str, str]) -> bytes:
    """Questions per day (and answered), the answered share, the top programs and the
    👍/👎 per program, as a tall PNG (a phone screen's shape)."""
    from matplotlib.figure import Figure  # imported here: see the module docstring

    figure = Figure(figsize=(7.2, 12.8), dpi=110, layout="constrained")
    per_day, top, votes = figure.subplots(3, 1, height_ratios=[1.1, 1, 1])
    rows: Sequence[tuple[str, int, int]] = data["per_day"]
    asked = sum(n for _, n, _ in rows)
    answered = sum(a for _, _, a in rows)
    share = round(100 * answered / asked) if asked else 0
    if rows:
        days = [d[5:] for d, _, _ in rows]  # MM-DD
        per_day.bar(days, [n for _, n, _ in rows], color="#9ecae1", label=texts.CHART_ASKED)
        per_day.bar(days, [a for _, _, a in rows], color="#3182bd", label=texts.CHART_ANSWERED)
        per_day.legend(fontsize=13)
        step = max(1, len(days) // 7)
        per_day.set_xticks(range(0, len(days), step), days[::step])
        per_day.tick_params(labelsize=12)
    else:
        _empty(per_day)
    per_day.set_title(
        f"{texts.CHART_PER_DAY}\n{texts.CHART_SHARE.format(share=share)}", fontsize=16
    )
    programs: Sequence[tuple[str, int]] = data["top_programs"][:TOP]
    if programs:
        names = [_label(titles.get(slug, slug)) for slug, _ in programs][::-1]
        top.barh(names, [n for _, n in programs][::-1], color="#31a354")
        top.tick_params(labelsize=12)
    else:
        _empty(top)
    top.set_title(texts.CHART_TOP, fontsize=16)
    rated = sorted(data["votes"], key=lambda v: -(v[1] + v[2]))[:TOP][::-1]
    if rated:
        names = [_label(titles.get(slug, slug)) for slug, _, _ in rated]
        ups = [up for _, up, _ in rated]
        downs = [down for _, _, down in rated]
        votes.barh(names, ups, color="#31a354", label=texts.CHART_UP)
        votes.barh(names, downs, left=ups, color="#de2d26", label=texts.CHART_DOWN)
        votes.legend(fontsize=13)
        votes.tick_params(labelsize=12)
    else:
        _empty(votes)
    votes.set_title(texts.CHART_VOTES, fontsize=16)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
