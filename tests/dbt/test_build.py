"""`dbt build` on DuckDB and PostgreSQL: green, incremental, and true to the sandbox account."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from dbt_harness import (
    NEW_DOWNLOADS,
    OVERLAP,
    DbtProject,
    duckdb_query,
    postgres_query,
)
from getty_sandbox.pytest_plugin import RunningSandbox


def _statuses(results: dict) -> Counter:
    return Counter(r["status"] for r in results["results"])


def _failures(results: dict) -> list[str]:
    return [
        f"{r['unique_id']}: {r['status']} {r.get('message')}"
        for r in results["results"]
        if r["status"] not in ("success", "pass")
    ]


def test_duckdb_builds_green_with_unit_and_contract_tests(duckdb_project: DbtProject) -> None:
    for results in duckdb_project.builds:
        assert _failures(results) == []
    kinds = Counter(r["unique_id"].split(".")[0] for r in duckdb_project.builds[0]["results"])
    # spend allocation, dedup (2), six alert rules, withdrawn only after a metadata sync
    assert kinds["unit_test"] >= 10
    assert kinds["model"] >= 27 and kinds["test"] >= 80 and kinds["seed"] == 2


def test_postgres_builds_green(postgres_project: DbtProject) -> None:
    (results,) = postgres_project.builds
    assert _failures(results) == []
    assert _statuses(results)["success"] >= 29


def test_second_build_touches_only_the_new_downloads(
    duckdb_project: DbtProject, getty_sandbox: RunningSandbox
) -> None:
    first_id, second_id = (b["metadata"]["invocation_id"] for b in duckdb_project.builds)
    world = getty_sandbox.world
    n = world.scale.downloads
    second_load = {
        (d["id"], d["date_downloaded"].replace("T", " ").rstrip("Z"), d["user"]["username"])
        for d in (world.download(i, "") for i in range(n - NEW_DOWNLOADS - OVERLAP, n))
    }
    rows = duckdb_query(
        duckdb_project,
        "select asset_id, strftime(downloaded_at, '%Y-%m-%d %H:%M:%S'), username, "
        "dbt_invocation_id from getty.stg_getty__downloads",
    )
    touched = {(a, t, u) for a, t, u, run in rows if run == second_id}
    untouched = [run for *_, run in rows if run != second_id]
    assert len(rows) == n  # every download once
    assert touched == second_load  # the new ones and the re-delivered overlap, nothing else
    assert len(untouched) == n - NEW_DOWNLOADS - OVERLAP and set(untouched) == {first_id}
    stg = next(
        r
        for r in duckdb_project.builds[1]["results"]
        if r["unique_id"].endswith(".stg_getty__downloads")
    )
    assert stg["status"] == "success"


def test_staging_matches_the_sandbox_truth(
    duckdb_project: DbtProject, getty_sandbox: RunningSandbox
) -> None:
    world = getty_sandbox.world
    truth = getty_sandbox.truth("purchased_assets", company=True)
    counts = duckdb_query(
        duckdb_project,
        "select (select count(*) from getty.stg_getty__downloads), "
        "(select count(*) from getty.stg_getty__purchased_assets), "
        "(select count(*) from getty.stg_getty__products)",
    )[0]
    assert counts == (world.scale.downloads, truth["count"], len(world.products))


def test_register_flags_every_withdrawn_licensed_asset(
    duckdb_project: DbtProject, getty_sandbox: RunningSandbox
) -> None:
    world = getty_sandbox.world
    licensed = {world.download(i, "")["id"] for i in range(world.scale.downloads)}
    licensed |= {world.purchase(j, "")["asset_id"] for j in range(world.scale.purchases)}
    withdrawn = {a for a in licensed if world.asset_withdrawn(world.asset_index(a))}
    rows = duckdb_query(
        duckdb_project, "select asset_id, license_status from getty.license_register"
    )
    assert {a for a, _ in rows} == licensed
    assert {a for a, status in rows if status == "asset withdrawn"} == withdrawn
    alerts = duckdb_query(
        duckdb_project,
        "select subject_id from getty.license_alerts where alert_type = 'asset_withdrawn'",
    )
    assert {a for (a,) in alerts} == withdrawn


def test_product_alerts_follow_the_account_products(
    duckdb_project: DbtProject, getty_sandbox: RunningSandbox
) -> None:
    world = getty_sandbox.world
    active = [p for p in world.products if p["status"] == "active"]
    near_limit = {
        str(p["id"])
        for p in active
        if p["download_limit"] and p["downloads_remaining"] <= p["download_limit"] * 0.1
    }
    as_of = world.now // 86_400
    expiring = {str(p["id"]) for p in active if 0 <= p["_expires"] // 86_400 - as_of <= 30}
    rows = duckdb_query(duckdb_project, "select alert_type, subject_id from getty.license_alerts")
    assert {s for t, s in rows if t == "product_download_limit"} == near_limit
    assert {s for t, s in rows if t == "product_expiring"} == expiring
    assert near_limit and expiring  # the sandbox account has both kinds


def test_subscription_fees_are_allocated_exactly(duckdb_project: DbtProject) -> None:
    rows = duckdb_query(
        duckdb_project,
        "select c.product_id, c.fee_period_start, sum(c.allocated_fee), max(r.period_fee) "
        "from getty.int_getty__download_costs c join getty.rate_card r using (rate_id) "
        "where c.pricing_model = 'subscription' group by all",
    )
    assert len(rows) > 20
    assert all(allocated == fee for *_, allocated, fee in rows)


def test_spend_adds_up_to_the_cost_lines(duckdb_project: DbtProject) -> None:
    spend, lines, budget_actual = duckdb_query(
        duckdb_project,
        "select (select sum(spend_amount) from getty.license_spend), "
        "(select sum(amount) from getty.int_getty__license_costs), "
        "(select sum(actual_amount) from getty.budget_vs_actual)",
    )[0]
    assert spend == lines == budget_actual > Decimal(0)


def test_invoice_matching_flags_reused_and_missing_po(
    duckdb_project: DbtProject, getty_sandbox: RunningSandbox
) -> None:
    world = getty_sandbox.world
    orders = [
        world.order_detail(o) for o in range(world.scale.orders) if world.order_access(o) == "ok"
    ]
    pos = Counter(o["notes"]["purchase_order_number"] for o in orders)
    rows = duckdb_query(
        duckdb_project,
        "select order_id, is_po_missing, is_po_reused from getty.invoice_matching "
        "where record_type = 'order' and not is_order_metadata_missing",
    )
    flags = {order_id: (missing, reused) for order_id, missing, reused in rows}
    expected = {
        o["id"]: (
            o["notes"]["purchase_order_number"] is None,
            o["notes"]["purchase_order_number"] is not None
            and pos[o["notes"]["purchase_order_number"]] > 1,
        )
        for o in orders
    }
    assert flags == expected
    assert any(m for m, _ in expected.values()) and any(r for _, r in expected.values())


def _comparable(rows: list[tuple]) -> list[tuple]:
    """Rows with JSON text parsed, so that DuckDB's and PostgreSQL's spacing compare equal."""
    out = []
    for row in rows:
        out.append(
            tuple(
                json.dumps(json.loads(v)) if isinstance(v, str) and v[:1] in "[{" else v
                for v in row
            )
        )
    return sorted(out, key=repr)


def test_postgres_and_duckdb_give_the_same_marts(
    duckdb_project: DbtProject, postgres_project: DbtProject
) -> None:
    pg_schema = postgres_project.env["GETTY_DBT_SCHEMA"]
    queries = {
        "license_register": "select asset_id, license_status, license_end_date, order_ids, "
        "invoice_numbers, purchase_order_numbers, project_codes, usage_restrictions "
        "from {s}.license_register",
        "license_spend": "select spend_id, spend_amount, license_count from {s}.license_spend",
        "license_alerts": "select alert_id, severity, due_date from {s}.license_alerts",
        "invoice_matching": "select matching_id, expected_amount, is_po_reused "
        "from {s}.invoice_matching",
        "dam_assets": "select asset_id, keywords, usage_restrictions, thumb_uri, licensed_at "
        "from {s}.dam_assets",
        "procurement_invoice_lines": "select invoice_line_id, unit_price, license_end "
        "from {s}.procurement_invoice_lines",
        "newsroom_pictures": "select asset_id, editorial_segments from {s}.newsroom_pictures",
    }
    for name, sql in queries.items():
        duck = _comparable(duckdb_query(duckdb_project, sql.format(s="getty")))
        pg = _comparable(postgres_query(postgres_project, sql.format(s=pg_schema)))
        assert duck, name
        assert duck == pg, name
