"""Console entry point `destination-dam`."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from .destination import DestinationDam
    except ImportError:
        sys.exit("destination-dam needs airbyte-cdk: pip install 'destination-dam[airbyte]'")
    DestinationDam().run(sys.argv[1:])
