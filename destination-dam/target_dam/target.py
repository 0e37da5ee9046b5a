"""`target-dam`: the Singer target over the getty_dam core (singer-sdk)."""

from __future__ import annotations

import typing as t

from getty_dam import CONFIG_SCHEMA, DamConfig, DamLoader
from singer_sdk import Target
from singer_sdk.sinks import BatchSink


class DamSink(BatchSink):
    """Hands records to the target's one loader; a drained batch is durably written."""

    def __init__(self, target: TargetDam, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(target, *args, **kwargs)
        self.loader = target.loader

    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        self.loader.add(self.stream_name, record)

    def process_batch(self, context: dict[str, t.Any]) -> None:
        self.loader.flush()

    def clean_up(self) -> None:
        self.loader.flush()
        super().clean_up()


class TargetDam(Target):
    """Getty Images assets and license metadata into a DAM or a newsroom."""

    name = "target-dam"
    config_jsonschema = CONFIG_SCHEMA
    default_sink_class = DamSink
    # One loader merges all streams into the same assets: drain sinks one at a time.
    max_parallelism = 1

    _loader: DamLoader | None = None

    @property
    def loader(self) -> DamLoader:
        if self._loader is None:
            self._loader = DamLoader(DamConfig.from_mapping(dict(self.config)))
        return self._loader

    def process_endofpipe(self) -> None:
        super().process_endofpipe()
        if self._loader is not None:
            self.logger.info("target-dam: %s", self._loader.summary())
            self._loader.close()
            self._loader = None


if __name__ == "__main__":
    TargetDam.cli()
