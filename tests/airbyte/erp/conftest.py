"""Fixtures for destination-erp: standards validator, configs, a real Tryton server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from getty_erp.testing import tryton_server
from getty_erp.validation import UblValidator, standards_dir

# Build Tryton's test database (once per checkout) while the session's other tests run.
tryton_server.prepare_in_background()

BUYER = {
    "name": "Northwind Media Group",
    "country": "DE",
    "city": "Hamburg",
    "street": "Hafenstraße 1",
    "postal_code": "20457",
    "vat_id": "DE123456789",
}
SUPPLIER = {
    "name": "Getty Images International U.C.",
    "country": "IE",
    "city": "Dublin",
    "vat_id": "IE6388047V",
}
RATE_CARD = [
    {"product": "image", "agreement": "*", "size": "*", "unit_price": "175.00"},
    {
        "product": "image",
        "agreement": "rightsmanaged",
        "size": "*",
        "unit_price": "420.50",
        "license_months": 12,
    },
    {"product": "video", "agreement": "*", "size": "*", "unit_price": "1199.99"},
]


@pytest.fixture(scope="session")
def validator() -> UblValidator:
    folder = standards_dir()
    if folder is None:
        pytest.skip("../shared/standards (OASIS UBL 2.1 XSDs, EN 16931 XSLT) is absent")
    return UblValidator(folder)


@pytest.fixture
def config(tmp_path: Path) -> dict[str, Any]:
    return {
        "output": {"type": "files", "directory": str(tmp_path / "out")},
        "buyer": BUYER,
        "supplier": SUPPLIER,
        "currency": "EUR",
        "tax": {"category": "S", "percent": "19"},
        "rate_card": RATE_CARD,
        "cost_centres": {"default": "MKT", "by_project": {"Newsroom daily": "EDIT"}},
    }


@pytest.fixture(scope="session")
def tryton(tmp_path_factory: pytest.TempPathFactory) -> Any:
    reason = tryton_server.available()
    if reason:
        pytest.skip(reason)
    with tryton_server.running(tmp_path_factory.mktemp("tryton")) as server:
        yield server
