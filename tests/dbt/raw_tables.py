"""Raw Getty tables in the layouts the common loaders write, filled from sandbox records.

A stand-in loader for tests and benchmarks until the real PyAirbyte -> DuckDB pipeline
feeds dbt: the records are what the sandbox's API returns (plus `downloaded_by`, which
the connectors add), the columns are the connector's stream schemas
(`source-getty-images/source_getty_images/schemas/`), typed as the loaders type them:

- `airbyte` on DuckDB (PyAirbyte's cache, as PyAirbyte 0.71 writes it): strings VARCHAR,
  `date-time` as TIMESTAMP (UTC, no time zone), integers BIGINT, objects and arrays JSON,
  plus `_airbyte_raw_id`, `_airbyte_extracted_at`, `_airbyte_meta`.
- `airbyte` on PostgreSQL (Airbyte's Postgres destination): the same with timestamptz,
  jsonb and `_airbyte_generation_id`.
- `singer` (MeltanoLabs target-postgres): `date-time` as timestamp without time zone,
  objects jsonb, arrays jsonb[], plus the `_sdc_*` metadata columns.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from getty_sandbox.world import World

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "source-getty-images" / "source_getty_images" / "schemas"
STREAMS = ("downloads", "purchased_assets", "orders", "products", "images", "videos", "boards")
MEDIA_BASE = "http://sandbox.invalid"
Record = dict[str, Any]


def stream_schema(stream: str) -> dict[str, Any]:
    """The connector's JSON schema of a stream."""
    return json.loads((SCHEMAS / f"{stream}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _kind(prop: dict[str, Any]) -> str:
    types = prop.get("type", "string")
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    kind = types[0] if types else "string"
    if kind == "string" and prop.get("format") == "date-time":
        return "date-time"
    return kind


def column_types(stream: str, loader: str, dialect: str) -> dict[str, str]:
    """Column name -> SQL type, as `loader` creates the table on `dialect`."""
    json_type = "JSON" if dialect == "duckdb" else "JSONB"
    sql = {
        "string": "VARCHAR" if dialect == "duckdb" else "TEXT",
        "integer": "BIGINT",
        "number": "DOUBLE PRECISION" if dialect == "postgres" else "DOUBLE",
        "boolean": "BOOLEAN",
        "object": json_type,
        "array": json_type,
        "date-time": "TIMESTAMP WITH TIME ZONE",
    }
    if loader == "singer" or dialect == "duckdb":
        sql |= {"date-time": "TIMESTAMP"}
    if loader == "singer" and dialect == "postgres":
        sql["array"] = "JSONB[]"
    columns = {name: sql[_kind(p)] for name, p in stream_schema(stream)["properties"].items()}
    if loader == "airbyte":
        columns |= {
            "_airbyte_raw_id": sql["string"],
            "_airbyte_extracted_at": sql["date-time"],
            "_airbyte_meta": json_type,
        }
        if dialect == "postgres":
            columns["_airbyte_generation_id"] = "BIGINT"

    else:
        columns |= {
            "_sdc_extracted_at": "TIMESTAMP",
            "_sdc_received_at": "TIMESTAMP",
            "_sdc_batched_at": "TIMESTAMP",
            "_sdc_deleted_at": "TIMESTAMP",
            "_sdc_sequence": "BIGINT",
            "_sdc_table_version": "BIGINT",
            "_sdc_sync_started_at": "BIGINT",
        }
    return columns


# ------------------------------------------------------------------------- records
def download_records(world: World, indices: Iterable[int]) -> list[Record]:
    out = []
    for i in indices:
        record = world.download(i, MEDIA_BASE)
        record["downloaded_by"] = record["user"]["username"]
        out.append(record)
    return out


def account_records(
    world: World, downloads: Iterable[int] | None = None
) -> dict[str, list[Record]]:
    """Every stream's records for the account, as a complete sync would emit them."""
    indices = range(world.scale.downloads) if downloads is None else downloads
    records: dict[str, list[Record]] = {
        "downloads": download_records(world, indices),
        "purchased_assets": [world.purchase(j, MEDIA_BASE) for j in range(world.scale.purchases)],
        "products": [world.product_public(p, True) for p in world.products],
    }
    order_ids = sorted({p["order_id"] for p in records["purchased_assets"]})
    records["orders"] = []
    for order_id in order_ids:
        o = world.order_index(order_id)
        if o is not None and world.order_access(o) == "ok":
            records["orders"].append(world.order_detail(o))
    asset_ids = {d["id"] for d in records["downloads"]}
    asset_ids |= {p["asset_id"] for p in records["purchased_assets"]}
    records |= asset_records(world, asset_ids)
    records["boards"] = [
        {
            "id": b["id"],
            "name": b["name"],
            "description": b["description"],
            "board_relationship": b["relationship"],
            "asset_count": len(b["assets"]),
            "assets": [{"id": world.asset_id(k)} for k, _ in b["assets"]],
            "comment_count": len(b["comments"]),
            "date_created": datetime.fromtimestamp(b["created"], UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "date_last_updated": datetime.fromtimestamp(b["updated"], UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
        }
        for b in world.boards
    ]
    return records


def asset_records(world: World, asset_ids: Iterable[str]) -> dict[str, list[Record]]:
    """The images and videos streams for these asset ids (withdrawn ones are not emitted)."""
    images, videos = [], []
    for asset_id in sorted(set(asset_ids)):
        k = world.asset_index(asset_id)
        if k is None or world.asset_withdrawn(k):
            continue  # in images_not_found / videos_not_found
        (videos if world.asset_is_video(k) else images).append(world.asset_detail(k, MEDIA_BASE))
    return {"images": images, "videos": videos}


# ------------------------------------------------------------------------- writers
@dataclass
class RawTarget:
    """Where raw tables go: a DuckDB file or a PostgreSQL database, a schema, a loader."""

    dialect: str  # duckdb | postgres
    schema: str
    loader: str  # airbyte | singer
    duckdb_path: Path | None = None
    postgres: dict[str, Any] | None = None  # psycopg2.connect keyword arguments

    def write(
        self, records: dict[str, list[Record]], extracted_at: datetime, append: bool = False
    ) -> None:
        """Create (or, with `append`, append to) one table per stream."""
        if self.dialect == "duckdb":
            self._write_duckdb(records, extracted_at, append)
        else:
            self._write_postgres(records, extracted_at, append)

    def _row(self, record: Record, types: dict[str, str], extracted_at: datetime, n: int) -> Record:
        """The record's declared properties and the loader's metadata, in column order."""
        metadata = self._metadata(extracted_at, n)
        return {c: metadata[c] if c in metadata else record.get(c) for c in types}

    def _metadata(self, extracted_at: datetime, sequence: int) -> Record:
        naive = extracted_at.astimezone(UTC).replace(tzinfo=None).isoformat()
        if self.loader == "airbyte":
            return {
                "_airbyte_raw_id": str(uuid.uuid4()),
                "_airbyte_extracted_at": naive
                if self.dialect == "duckdb"
                else extracted_at.isoformat(),
                "_airbyte_meta": {"changes": [], "sync_id": int(extracted_at.timestamp())},
                "_airbyte_generation_id": 0,
            }
        return {
            "_sdc_extracted_at": naive,
            "_sdc_received_at": naive,
            "_sdc_batched_at": naive,
            "_sdc_deleted_at": None,
            "_sdc_sequence": sequence,
            "_sdc_table_version": None,
            "_sdc_sync_started_at": int(extracted_at.timestamp() * 1000),
        }

    def _write_duckdb(
        self, records: dict[str, list[Record]], extracted_at: datetime, append: bool
    ) -> None:
        import duckdb

        assert self.duckdb_path is not None
        with duckdb.connect(str(self.duckdb_path)) as db, tempfile.TemporaryDirectory() as tmp:
            db.execute("SET TimeZone = 'UTC'")
            db.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            for stream, rows in records.items():
                types = column_types(stream, self.loader, "duckdb")
                table = f'"{self.schema}"."{stream}"'
                if not append:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                columns = ", ".join(f'"{c}" {t}' for c, t in types.items())
                db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
                if not rows:
                    continue
                path = Path(tmp) / f"{stream}.jsonl"
                with path.open("w", encoding="utf-8") as out:
                    for n, row in enumerate(rows):
                        full = self._row(row, types, extracted_at, n)
                        out.write(json.dumps(full, ensure_ascii=False) + "\n")
                spec = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
                source = f"read_json('{path}', format = 'newline_delimited', columns = {{{spec}}})"
                db.execute(f"INSERT INTO {table} SELECT * FROM {source}")  # noqa: S608

    def _write_postgres(
        self, records: dict[str, list[Record]], extracted_at: datetime, append: bool
    ) -> None:
        import psycopg2
        from psycopg2.extras import Json, execute_values

        assert self.postgres is not None
        with psycopg2.connect(**self.postgres) as conn, conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
            cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            for stream, rows in records.items():
                types = column_types(stream, self.loader, "postgres")
                table = f'"{self.schema}"."{stream}"'
                if not append:
                    cur.execute(f"DROP TABLE IF EXISTS {table}")
                columns = ", ".join(f'"{c}" {t}' for c, t in types.items())
                cur.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")

                def value(column: str, v: Any, types: dict[str, str] = types) -> Any:
                    if v is None:
                        return None
                    if types[column] == "JSONB[]":
                        return [Json(item) for item in v]
                    if types[column] == "JSONB":
                        return Json(v)
                    return v

                values = [
                    tuple(value(c, v) for c, v in self._row(row, types, extracted_at, n).items())
                    for n, row in enumerate(rows)
                ]
                template = "(" + ", ".join(f"%s::{t}" for t in types.values()) + ")"
                names = ", ".join(f'"{c}"' for c in types)
                if values:
                    execute_values(
                        cur,
                        f"INSERT INTO {table} ({names}) VALUES %s",  # noqa: S608
                        values,
                        template,
                        1000,
                    )
