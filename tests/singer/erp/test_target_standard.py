"""singer-sdk's standard target tests for target-erp (records of other streams are skipped
as bad records, which is what these generic streams are to an invoice loader)."""

from __future__ import annotations

import tempfile

from singer_sdk.testing import get_target_test_class
from target_erp.target import TargetErp

CONFIG = {
    "output": {"type": "files", "directory": tempfile.mkdtemp(prefix="target-erp-standard-")},
    "buyer": {"name": "Northwind Media Group", "country": "DE", "vat_id": "DE123456789"},
    "supplier": {
        "name": "Getty Images International U.C.",
        "country": "IE",
        "vat_id": "IE6388047V",
    },
    "tax": {"category": "AE", "percent": "0"},
    "on_error": "skip",
}

TestTargetErp = get_target_test_class(TargetErp, config=CONFIG)
