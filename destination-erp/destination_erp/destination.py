"""Airbyte destination: records in, invoices out; a STATE passes only once committed."""

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
from getty_erp.config import ConfigError, Settings, spec
from getty_erp.loader import Loader, ensure_budgets_supported
from getty_erp.targets import CheckError, open_target


class DestinationErp(Destination):
    def spec(self, logger: logging.Logger) -> ConnectorSpecification:
        return ConnectorSpecification(
            documentationUrl="https://github.com/getty-connectors/destination-erp",
            connectionSpecification=spec(),
            supported_destination_sync_modes=[DestinationSyncMode.append],
        )

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        try:
            settings = Settings.parse(dict(config))
            target = open_target(settings)
            ensure_budgets_supported(settings, target)
            target.check()
            target.close()
        except (ConfigError, CheckError, ValueError) as exc:
            return AirbyteConnectionStatus(status=Status.FAILED, message=str(exc))
        except Exception as exc:  # connection errors: say which kind, never the config
            return AirbyteConnectionStatus(
                status=Status.FAILED,
                message=f"cannot reach the target: {type(exc).__name__}: {exc}",
            )
        return AirbyteConnectionStatus(status=Status.SUCCEEDED)

    def write(
        self,
        config: Mapping[str, Any],
        configured_catalog: ConfiguredAirbyteCatalog,
        input_messages: Iterable[AirbyteMessage],
    ) -> Iterable[AirbyteMessage]:
        loader = Loader(Settings.parse(dict(config)))
        held: list[AirbyteMessage] = []
        for message in input_messages:
            if message.type == Type.RECORD and message.record is not None:
                loader.add(message.record.stream, dict(message.record.data))
            elif message.type == Type.STATE:
                held.append(message)
                if loader.flush():  # everything before this state is committed
                    yield from held
                    held.clear()
        loader.finish()
        yield from held
        logging.getLogger("airbyte").info("destination-erp: %s", dict(loader.counts))
