"""Write the stream schemas (schemas/*.json, the source of truth) into manifest.yaml.

Airbyte Cloud and the Connector Builder read only the manifest, so the schemas must be
inline there. Everything below the marker line is generated; run after editing a schema:

    python -m source_getty_images.build_manifest
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

import yaml

from .schemas import STREAMS, load_schema

MARKER = "# --- generated below this line from schemas/*.json by build_manifest.py; do not edit ---"
MANIFEST = Path(str(files(__package__).joinpath("manifest.yaml")))


def render(manifest_text: str) -> str:
    """The manifest text with its generated `schemas:` section rebuilt from the files."""
    head, found, _ = manifest_text.partition(MARKER)
    if not found:
        raise ValueError(f"manifest.yaml lacks the marker line {MARKER!r}")
    schemas = {stream: load_schema(stream) for stream in STREAMS}
    body = yaml.safe_dump({"schemas": schemas}, sort_keys=False, allow_unicode=True, width=100)
    return f"{head}{MARKER}\n{body}"


def main() -> int:
    current = MANIFEST.read_text(encoding="utf-8")
    updated = render(current)
    if updated != current:
        MANIFEST.write_text(updated, encoding="utf-8")
        print(f"updated {MANIFEST}")
    else:
        print(f"{MANIFEST} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
