"""Console entry point: `destination-erp spec|check|write ...`."""

import sys

from .destination import DestinationErp


def run() -> None:
    DestinationErp().run(sys.argv[1:])


if __name__ == "__main__":
    run()
