"""Airbyte source for Getty Images: a manifest-only declarative connector.

Importing this package needs no SDK: `source_getty_images.schemas` serves the stream
schemas to the Singer tap too. Running the manifest needs the `airbyte` extra.
"""
