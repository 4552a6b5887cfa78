"""The bot's routers, built fresh on every call so each dispatcher (and test) has its own."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin_access,
    admin_broadcasts,
    admin_entries,
    admin_followup,
    admin_reports,
    browse,
    cards,
    deep_links,
    fallback,
    feedback,
    inline,
    questions,
    start,
    subscriptions,
)


def get_routers() -> list[Router]:
    """All routers in the order they must be tried; the catch-all is last.

    Admin routers come first (skipped at once for non-admins, and their dialogues take
    plain text), then questions — most updates — then commands, menus and buttons.
    """
    return [
        admin_access.router(),
        admin_entries.router(),
        admin_followup.router(),  # before admin_reports: it takes the /unanswered "reply"
        admin_reports.router(),
        admin_broadcasts.router(),
        questions.router(),
        deep_links.router(),  # /start with a program's slug; any other /start goes on
        start.router(),
        admin_access.refusal_router(),
        browse.router(),
        cards.router(),
        feedback.router(),
        subscriptions.router(),
        inline.router(),
        fallback.router(),
    ]
