"""What every repository builds its queries with: the dialect's INSERT (ON CONFLICT on both
backends), an upsert, conditional counts, JSON text, and a distinct-list aggregate that
compiles to GROUP_CONCAT on SQLite and string_agg on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, case, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.functions import GenericFunction


class distinct_list(GenericFunction[str]):
    """The distinct non-null values of a column joined by commas (GROUP_CONCAT / string_agg)."""

    name = "distinct_list"
    inherit_cache = True


@compiles(distinct_list, "sqlite")
def _distinct_list_sqlite(element: distinct_list, compiler: Any, **kw: Any) -> str:
    return f"GROUP_CONCAT(DISTINCT {compiler.process(element.clauses, **kw)})"


@compiles(distinct_list, "postgresql")
def _distinct_list_postgresql(element: distinct_list, compiler: Any, **kw: Any) -> str:
    return f"string_agg(DISTINCT {compiler.process(element.clauses, **kw)}, ',')"


def insert_for(conn: AsyncConnection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT on both backends."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def upsert(
    conn: AsyncConnection,
    table: Table,
    values: dict[str, Any],
    keys: Sequence[str],
    update_columns: Sequence[str],
) -> Insert:
    stmt = insert_for(conn, table).values(**values)
    return stmt.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in update_columns}
    )


def count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
