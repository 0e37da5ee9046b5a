"""Where invoices go. Every target looks an invoice up by Getty's invoice number first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import CheckError, Existing, Target

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["CheckError", "Existing", "Target", "open_target"]


def open_target(settings: Settings) -> Target:
    """The target named by `output.type`."""
    kind = settings.output["type"]
    if kind == "files":
        from .files import FileTarget

        return FileTarget(settings)
    if kind == "ubl_http":
        from .ubl_http import UblHttpTarget

        return UblHttpTarget(settings)
    if kind == "tryton":
        from .tryton import TrytonTarget

        return TrytonTarget(settings)
    if kind == "odoo":
        from .odoo import OdooTarget

        return OdooTarget(settings)
    if kind == "erpnext":
        from .erpnext import ErpNextTarget

        return ErpNextTarget(settings)
    raise ValueError(f"output.type: {kind!r} is not files, ubl_http, tryton, odoo or erpnext")
