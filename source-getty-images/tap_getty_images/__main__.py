"""`python -m tap_getty_images` runs the tap's command line."""

from tap_getty_images.tap import TapGettyImages

TapGettyImages.cli()
