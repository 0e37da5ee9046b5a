"""target-erp: a Singer target writing Getty invoices to UBL files, journals or an ERP."""

from __future__ import annotations

from typing import Any

from getty_erp.config import Settings, spec
from getty_erp.loader import Loader
from singer_sdk import Target
from singer_sdk.sinks import BatchSink


class ErpSink(BatchSink):
    """Hands records to the target's one shared loader; a drained batch is a committed one."""

    def __init__(self, target: TargetErp, *args: Any, **kwargs: Any) -> None:
        super().__init__(target, *args, **kwargs)
        self.loader = target.loader

    def process_record(self, record: dict[str, Any], context: dict[str, Any]) -> None:
        self.loader.add(self.stream_name, record)

    def process_batch(self, context: dict[str, Any]) -> None:
        self.loader.flush()


class TargetErp(Target):
    name = "target-erp"
    config_jsonschema = spec()
    default_sink_class = ErpSink

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loader: Loader | None = None
        self._held_state: dict[str, Any] | None = None

    @property
    def loader(self) -> Loader:
        if self._loader is None:
            self._loader = Loader(Settings.parse(dict(self.config)))
        return self._loader

    def _write_state_message(self, state: dict[str, Any]) -> None:
        # Purchases still waiting for their order are not committed: hold the state.
        if self._loader is not None and self._loader.assembler.pending:
            self._held_state = state
            return
        self._held_state = None
        super()._write_state_message(state)

    def process_endofpipe(self) -> None:
        super().process_endofpipe()
        if self._loader is not None:
            self._loader.finish()
        if self._held_state is not None:
            super()._write_state_message(self._held_state)


if __name__ == "__main__":
    TargetErp.cli()
