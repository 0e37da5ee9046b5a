"""What sqlfluff's jinja templater needs to render the models without dbt.

Linting checks the models' own SQL, so dbt's macros only have to render plausible SQL:
`dbt.*` cross-database macros render DuckDB SQL, a dispatched project macro renders as a
function call of its name, and `var()` returns the project's default from dbt_project.yml.
sqlfluff puts every public name of this package into the template context
(`library_path` in ../../.sqlfluff).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

_PROJECT_VARS: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "dbt_project.yml").read_text()
)["vars"]


def var(name: str, default: Any = None) -> Any:
    """dbt's `var()`: the project's default value."""
    return _PROJECT_VARS.get(name, default)


invocation_id = "00000000-0000-0000-0000-000000000000"


def _sql_args(*args: Any) -> str:
    return ", ".join(
        ", ".join(map(str, a)) if isinstance(a, list) else str(a) for a in args if a is not None
    )


def _literal(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _dispatch(name: str, macro_namespace: str | None = None) -> Any:
    """A dispatched project macro renders as a call of its name on its arguments as text."""

    def render(*args: Any, **kwargs: Any) -> str:
        values = [a for a in (*args, *kwargs.values()) if a is not None]
        flat = [v for a in values for v in (a if isinstance(a, list) else [a])]
        return f"{name}({', '.join(map(_literal, flat))})"

    return render


def _raise_compiler_error(message: str) -> None:
    raise RuntimeError(message)


adapter = SimpleNamespace(dispatch=_dispatch, type=lambda: "duckdb", quote=lambda n: f'"{n}"')
exceptions = SimpleNamespace(raise_compiler_error=_raise_compiler_error)

dbt = SimpleNamespace(
    type_string=lambda: "varchar",
    type_int=lambda: "integer",
    type_bigint=lambda: "bigint",
    type_numeric=lambda: "numeric(28, 6)",
    type_timestamp=lambda: "timestamp",
    cast=lambda field, type_: f"cast({field} as {type_})",
    concat=lambda fields: f"concat({_sql_args(fields)})",
    hash=lambda field: f"md5(cast({field} as varchar))",
    dateadd=lambda datepart, interval, from_date: (
        f"date_add({from_date}, interval ({interval}) {datepart})"
    ),
    date_trunc=lambda datepart, date: f"date_trunc('{datepart}', {date})",
    listagg=lambda measure, delimiter_text="','", order_by_clause=None, limit_num=None: (
        f"string_agg({measure}, {delimiter_text}{' ' + order_by_clause if order_by_clause else ''})"
    ),
)
