"""Print what the marts say: the numbers an analyst would look at first (dbt environment)."""

from __future__ import annotations

import sys

import duckdb

QUERIES = {
    "licensed assets in the register": "select count(*) from getty.license_register",
    "  of which expiring or expired": "select count(*) from getty.license_register "
    "where license_status in ('expiring', 'expired')",
    "open alerts": "select count(*) from getty.license_alerts",
    "spend rows (month x cost centre x product x user)": "select count(*) from getty.license_spend",
    "orders to match against invoices": "select count(*) from getty.invoice_matching",
    "invoice lines for the ERP": "select count(*) from getty.procurement_invoice_lines",
    "assets for the DAM": "select count(*) from getty.dam_assets",
    "editorial pictures for the newsroom": "select count(*) from getty.newsroom_pictures",
}


def main(warehouse: str) -> None:
    with duckdb.connect(warehouse, read_only=True) as db:
        for label, sql in QUERIES.items():
            print(f"{label}: {db.execute(sql).fetchone()[0]}")  # type: ignore[index]
        alerts = db.execute(
            "select alert_type, count(*) from getty.license_alerts group by 1 order by 2 desc"
        ).fetchall()
        print("alerts by type:", ", ".join(f"{t} {n}" for t, n in alerts))


if __name__ == "__main__":
    main(sys.argv[1])
