"""Generate the manifests' derived parts from the sources of truth.

- manifest.yaml: the stream schemas (schemas/*.json) are written into its inline `schemas:`
  section, below the marker line (Airbyte Cloud and the Connector Builder read only the
  manifest, so the schemas must be inline there).
- manifest.builder.yaml: manifest.yaml without custom components, for the Connector Builder
  on Airbyte Cloud, which runs no custom Python code (see the README).

Run after editing a schema or manifest.yaml:

    python -m source_getty_images.build_manifest
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from .schemas import STREAMS, load_schema

MARKER = "# --- generated below this line from schemas/*.json by build_manifest.py; do not edit ---"
MANIFEST = Path(str(files(__package__).joinpath("manifest.yaml")))
BUILDER_MANIFEST = Path(str(files(__package__).joinpath("manifest.builder.yaml")))

COMPONENTS = "source_declarative_manifest.components."
BUILDER_HEADER = """\
# GENERATED from manifest.yaml by build_manifest.py; do not edit.
#
# For the Connector Builder on Airbyte Cloud, which runs no custom Python code: import this
# file there. Everywhere else (self-managed Airbyte, the catalogue image, PyAirbyte,
# the source-getty-images command) use manifest.yaml with components.py.
#
# What differs from manifest.yaml (see the README, "Custom components"):
# - paging is the built-in PageIncrement: a window of exactly 100, 200 ... results costs one
#   more call, which Getty answers with 400 InvalidPage and the error handler ends cleanly;
# - authentication is the built-in OAuthAuthenticator: each requester fetches its own token
#   and renews it only once it has expired (a 401 then refreshes it and retries); rejected
#   credentials give the CDK's messages, which name no setting ("Refresh token was rejected
#   by the OAuth provider ...", "Refreshed OAuth access token is rejected by the API.");
# - images and videos use the built-in DpathExtractor: ids Getty lists in images_not_found
#   or videos_not_found are skipped without a logged warning.
"""


def render(manifest_text: str) -> str:
    """The manifest text with its generated `schemas:` section rebuilt from the files."""
    head, found, _ = manifest_text.partition(MARKER)
    if not found:
        raise ValueError(f"manifest.yaml lacks the marker line {MARKER!r}")
    schemas = {stream: load_schema(stream) for stream in STREAMS}
    body = yaml.safe_dump({"schemas": schemas}, sort_keys=False, allow_unicode=True, width=100)
    return f"{head}{MARKER}\n{body}"


def page_increment(component: dict[str, Any]) -> dict[str, Any]:
    """ResultCountPageIncrement -> PageIncrement with the same page size and first page."""
    dropped = ("type", "class_name", "count_field")
    fields = {k: v for k, v in component.items() if k not in dropped}
    return {"type": "PageIncrement", **fields}


def oauth_authenticator(component: dict[str, Any]) -> dict[str, Any]:
    """SharedTokenOAuthenticator -> OAuthAuthenticator with the same fields."""
    dropped = ("type", "class_name", "renew_seconds_before_expiry")
    fields = {k: v for k, v in component.items() if k not in dropped}
    return {"type": "OAuthAuthenticator", **fields}


def dpath_extractor(component: dict[str, Any]) -> dict[str, Any]:
    """NotFoundLoggingExtractor -> DpathExtractor with the same field path (logs nothing)."""
    return {"type": "DpathExtractor", "field_path": component["field_path"]}


BUILT_IN_REPLACEMENTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    COMPONENTS + "ResultCountPageIncrement": page_increment,
    COMPONENTS + "SharedTokenOAuthenticator": oauth_authenticator,
    COMPONENTS + "NotFoundLoggingExtractor": dpath_extractor,
}


def without_custom_components(manifest: Any) -> Any:
    """A copy of the parsed manifest with each custom component replaced by its built-in base.

    Objects the YAML shares (anchors) stay shared in the copy. A custom component without a
    replacement is an error: the Builder manifest must not silently keep one.
    """
    copies: dict[int, Any] = {}

    def copy(node: Any) -> Any:
        key = id(node)
        if key in copies:
            return copies[key]
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Custom"):
                replace = BUILT_IN_REPLACEMENTS.get(node.get("class_name", ""))
                if replace is None:
                    raise ValueError(
                        f"{node.get('class_name')!r} ({node['type']}) has no built-in "
                        "replacement for manifest.builder.yaml: add one to "
                        "BUILT_IN_REPLACEMENTS in build_manifest.py"
                    )
                node = replace(node)
            result: Any = {key: copy(value) for key, value in node.items()}
        elif isinstance(node, list):
            result = [copy(value) for value in node]
        else:
            return node
        copies[key] = result
        return result

    return copy(manifest)


def with_definition_refs(manifest: dict[str, Any]) -> dict[str, Any]:
    """Shared components written out once under `definitions`, then named by `$ref`.

    YAML anchors do not survive parsing; `$ref` is how the Connector Builder itself reuses a
    definition. Other shared values (lists, small mappings) are repeated.
    """
    paths: dict[int, str] = {}

    def visit(node: Any, path: tuple[str, ...] | None) -> Any:
        if isinstance(node, dict):
            if id(node) in paths:
                return {"$ref": paths[id(node)]}
            if path and path[0] == "definitions" and "type" in node:
                paths[id(node)] = "#/" + "/".join(path)
            return {
                key: visit(value, None if path is None else (*path, key))
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [visit(value, None) for value in node]  # refs name dict keys only
        return node

    return visit(manifest, ())


WIDE = 10_000  # one line per template: a folded Jinja expression is hard to read


class _ExpandingDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_builder(manifest_text: str) -> str:
    """manifest.builder.yaml's text for this manifest.yaml text."""
    manifest = yaml.safe_load(manifest_text)
    builder = with_definition_refs(without_custom_components(manifest))
    body = yaml.dump(
        builder, Dumper=_ExpandingDumper, sort_keys=False, allow_unicode=True, width=WIDE
    )
    return f"{BUILDER_HEADER}\n{body}"


def write(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        print(f"{path} is up to date")
    else:
        path.write_text(text, encoding="utf-8")
        print(f"updated {path}")


def main() -> int:
    manifest = render(MANIFEST.read_text(encoding="utf-8"))
    write(MANIFEST, manifest)
    write(BUILDER_MANIFEST, render_builder(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
