"""tap-getty-images: Getty Images licensing data as a Singer tap, built on singer-sdk.

Same streams, keys, schemas and config keys as the Airbyte source beside it
(`source_getty_images`); the schemas are loaded from that package's files.
"""
