"""`tap-getty-images`: the Singer tap."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import cached_property

from singer_sdk import Stream, Tap

from tap_getty_images.auth import GettyAuthenticator
from tap_getty_images.ledger import Ledger
from tap_getty_images.pacing import PacedSession, Pacer
from tap_getty_images.settings import CONFIG_SCHEMA
from tap_getty_images.streams import STREAM_TYPES

DEFAULT_AUTH_URL = "https://authentication.gettyimages.com/oauth2/token"
WORKERS = 8  # requests in flight at most; the pacer decides how many a second


class TapGettyImages(Tap):
    """Getty Images licensing data: downloads, purchases, orders, products, the metadata of
    licensed images and videos, and boards (Getty API v3)."""

    name = "tap-getty-images"
    package_name = "getty-images-source"  # the distribution: --version and --about read it
    config_jsonschema = copy.deepcopy(CONFIG_SCHEMA)  # the SDK adds its built-in settings

    def discover_streams(self) -> list[Stream]:
        streams = {stream.name: stream for stream in (kind(self) for kind in STREAM_TYPES)}
        # Orders, images and videos are read through the history streams (ledger.py): as
        # their descendants, a history stream is read (without emitting it) when only they
        # are selected.
        for parent in streams.values():
            for name in getattr(parent, "dependents", ()):
                parent.child_streams.append(streams[name])
        return list(streams.values())

    @cached_property
    def started_at(self) -> datetime:
        """The run's clock: history is read up to this second."""
        return datetime.now(UTC).replace(microsecond=0)

    @cached_property
    def session(self) -> PacedSession:
        """One HTTP session (and one pace) for every stream and the token endpoint."""
        return PacedSession(Pacer(float(self.config.get("requests_per_second", 5))), WORKERS)

    @cached_property
    def executor(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="getty")

    @cached_property
    def authenticator(self) -> GettyAuthenticator:
        """One token for every stream."""
        return GettyAuthenticator(
            auth_endpoint=self.config.get("auth_url") or DEFAULT_AUTH_URL,
            api_key=self.config["api_key"],
            api_secret=self.config["api_secret"],
            credentials=dict(self.config["credentials"]),
            session=self.session,
        )

    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self)


if __name__ == "__main__":
    TapGettyImages.cli()
