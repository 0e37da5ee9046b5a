"""`DestinationDam`: the Airbyte destination (spec, check, write) over the getty_dam core."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from airbyte_cdk.destinations import Destination
from airbyte_cdk.models import (
    AirbyteConnectionStatus,
    AirbyteMessage,
    ConfiguredAirbyteCatalog,
    ConnectorSpecification,
    DestinationSyncMode,
    Status,
    Type,
)
from getty_dam import CONFIG_SCHEMA, ConfigError, DamConfig, DamLoader

DOCS = "https://github.com/getty-licensing-connectors/destination-dam#readme"


class DestinationDam(Destination):
    def spec(self, logger: logging.Logger) -> ConnectorSpecification:
        return ConnectorSpecification(
            documentationUrl=DOCS,
            connectionSpecification=CONFIG_SCHEMA,
            supported_destination_sync_modes=[
                DestinationSyncMode.append,
                DestinationSyncMode.append_dedup,
                DestinationSyncMode.overwrite,
            ],
        )

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        try:
            loader = DamLoader(DamConfig.from_mapping(dict(config)))
        except ConfigError as exc:
            return AirbyteConnectionStatus(status=Status.FAILED, message=str(exc))
        ok, message = loader.check()
        loader.close()
        return AirbyteConnectionStatus(
            status=Status.SUCCEEDED if ok else Status.FAILED, message=message
        )

    def write(
        self,
        config: Mapping[str, Any],
        configured_catalog: ConfiguredAirbyteCatalog,
        input_messages: Iterable[AirbyteMessage],
    ) -> Iterable[AirbyteMessage]:
        """Records are buffered per stream; a STATE is passed on only after every record
        before it is durably written."""
        loader = DamLoader(DamConfig.from_mapping(dict(config)))
        logger = logging.getLogger("airbyte")
        try:
            for message in input_messages:
                if message.type == Type.RECORD and message.record is not None:
                    loader.add(message.record.stream, dict(message.record.data))
                elif message.type == Type.STATE:
                    loader.flush()
                    yield message
            loader.flush()
        finally:
            loader.close()
        logger.info("destination-dam: %s", loader.summary())
