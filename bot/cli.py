"""The `bilimbot` command: run the bot, ask a question, export and import the knowledge.

The contract used by benchmarks and evaluation:
  bilimbot ask "сұрақ"               the answer a user would get, as plain text
  bilimbot ask --json "сұрақ"        {"query", "slug", "score", "suggestions", "region", "kind",
                                      "text"}: text is the plain first message a user gets
                                     (+ "topic" when kind is "referral")
  bilimbot ask --json --batch        one question per stdin line → one JSON line each
  bilimbot export --format json      {"entries": [...]}
  bilimbot import FILE               validated; a bad file changes nothing
  bilimbot backup FILE / restore FILE
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot.config import Settings
from bot.logging_setup import redact
from bot.services import Services, open_services
from db.backup import BackupError, NotSQLite, backup, restore
from db.database import Database, MissingDriver
from db.migrate import migrate
from knowledge.engine import Answer, SearchIndex
from knowledge.model import EntryError, entries_from_document
from replies import texts
from replies.render import render_answer, to_plain

MAX_QUESTION = 4096  # Telegram's own limit for one message


def _question_text(raw: str) -> str:
    """Lone surrogates (undecodable bytes in argv) become U+FFFD; overlong text is cut."""
    return raw.encode("utf-8", "replace").decode("utf-8")[:MAX_QUESTION]


def _answer_json(index: SearchIndex, question: str) -> dict[str, Any]:
    """The engine's answer and `text`: the plain first message a user would get."""
    answer = index.answer(_question_text(question))
    return {**answer.to_json(), "text": to_plain(render_answer(answer, index, None))}


def _print_json(data: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(data, ensure_ascii=False) + "\n")


def _batch(index: SearchIndex, stdin: Any, out: TextIO) -> None:
    """One JSON line per input line, in order; a line that is not UTF-8 gets an error row."""
    for raw in stdin:
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            row = Answer("", "empty").to_json()
            row["error"] = row["text"] = texts.CLI_NOT_UTF8
            _print_json(row, out)
            continue
        _print_json(_answer_json(index, line), out)
        out.flush()


async def _ask(services: Services, args: argparse.Namespace) -> int:
    index = services.index.current
    if args.batch:
        _batch(index, sys.stdin.buffer, sys.stdout)
        return 0
    question = " ".join(args.question)
    if not question.strip() and not args.json:
        print(texts.CLI_NO_QUESTION, file=sys.stderr)
        return 2
    if args.json:
        _print_json(_answer_json(index, question), sys.stdout)
        return 0
    answer = index.answer(_question_text(question))
    print(to_plain(render_answer(answer, index, None)))
    return 0


async def _export(services: Services, args: argparse.Namespace) -> int:
    if args.format != "json":
        print(texts.CLI_EXPORT_FORMAT, file=sys.stderr)
        return 2
    document = await services.knowledge.export_document()
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0


async def _import(services: Services, args: argparse.Namespace) -> int:
    try:
        raw = (await asyncio.to_thread(Path(args.file).read_bytes)).decode("utf-8")
    except FileNotFoundError:
        print(texts.CLI_IMPORT_NOT_FOUND.format(path=args.file), file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        detail = texts.IMPORT_NOT_UTF8
        print(texts.CLI_IMPORT_JSON_ERROR.format(detail=detail), file=sys.stderr)
        return 1
    except OSError:
        print(texts.CLI_IMPORT_READ_ERROR.format(path=args.file), file=sys.stderr)
        return 1
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        detail = texts.not_json(exc.lineno, exc.colno)
        print(texts.CLI_IMPORT_JSON_ERROR.format(detail=detail), file=sys.stderr)
        return 1
    try:
        entries = entries_from_document(document)
    except EntryError as exc:
        detail = texts.entry_error(exc.code, exc.params)
        print(texts.CLI_IMPORT_INVALID.format(detail=detail), file=sys.stderr)
        return 1
    added, changed = await services.knowledge.import_entries(entries)
    same = len(entries) - added - changed
    print(texts.CLI_IMPORT_DONE.format(added=added, changed=changed, same=same))
    return 0


async def _backup(settings: Settings, args: argparse.Namespace) -> int:
    database = Database(settings.database)
    try:
        await migrate(database)
        await backup(database, Path(args.file))
    except NotSQLite:
        print(texts.CLI_BACKUP_POSTGRES, file=sys.stderr)
        return 2
    finally:
        await database.close()
    print(texts.CLI_BACKUP_DONE.format(path=args.file))
    return 0


async def _restore(settings: Settings, args: argparse.Namespace) -> int:
    database = Database(settings.database)
    try:
        await restore(Path(args.file), database)
    except NotSQLite:
        print(texts.CLI_BACKUP_POSTGRES, file=sys.stderr)
        return 2
    except BackupError as error:
        print(texts.CLI_RESTORE_BAD.format(detail=error), file=sys.stderr)
        return 1
    finally:
        await database.close()
    database = Database(settings.database)
    try:
        await migrate(database)  # a backup from an older version is brought up to date
    finally:
        await database.close()
    print(texts.CLI_RESTORE_DONE.format(path=args.file))
    return 0


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import run_bot  # aiogram is imported only when the bot runs

    return await run_bot(settings, user_id=args.user_id)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bilimbot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (in the terminal when BOT_TOKEN is unset)")
    run.add_argument("--user-id", type=int, default=1, help="terminal mode: act as this user")
    ask = sub.add_parser("ask", help="answer a question as the bot would")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--batch", action="store_true", help="one question per stdin line")
    export = sub.add_parser("export", help="print the whole knowledge base")
    export.add_argument("--format", default="json")
    imp = sub.add_parser("import", help="load entries from an exported JSON file")
    imp.add_argument("file")
    back = sub.add_parser("backup", help="copy the live database to FILE (online backup)")
    back.add_argument("file")
    rest = sub.add_parser("restore", help="replace the database with a backup (bot stopped)")
    rest.add_argument("file")
    return parser


async def _main(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.command == "run":
        return await _run(settings, args)
    if args.command in ("backup", "restore"):
        return await (_backup if args.command == "backup" else _restore)(settings, args)
    commands = {"ask": _ask, "export": _export, "import": _import}
    async with open_services(settings, build_index=args.command == "ask") as services:
        return await commands[args.command](services, args)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "ask" and args.batch:
        args.json = True
    try:
        return asyncio.run(_main(args))
    except KeyboardInterrupt:
        return 130
    except MissingDriver as error:
        print(texts.CLI_NO_DRIVER.format(driver=error), file=sys.stderr)
        return 2
    except ValidationError as error:
        # Settings that cannot be read: say which, never echo the values.
        names = ", ".join(str(e["loc"][0]) for e in error.errors() if e["loc"])
        print(texts.CLI_BAD_SETTINGS.format(names=names), file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 (the last resort: a traceback without secrets)
        print(redact(traceback.format_exc(), _known_secrets()), file=sys.stderr)
        return 1


def _known_secrets() -> list[str]:
    try:
        return Settings().secrets()
    except ValidationError:
        return []


if __name__ == "__main__":
    sys.exit(main())
