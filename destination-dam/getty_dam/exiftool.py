"""Embedding through ExifTool, run as one long-lived external program (`-stay_open`).

ExifTool (Perl; Artistic or GPL licence) is invoked as a separate program, never imported,
so no GPL code runs inside this Apache-2.0 package. It writes XMP and IPTC IIM into
JPEG, PNG and TIFF without re-encoding the pixels.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError, WriteFailed

EMBEDDABLE = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def exiftool_path() -> str:
    path = shutil.which("exiftool")
    if not path:
        raise ConfigError(
            "embed_metadata needs the exiftool program on PATH (Debian: apt-get install "
            "libimage-exiftool-perl); or set embed_metadata to false for sidecars only"
        )
    return path


class ExifTool:
    """One `exiftool -stay_open` process; `embed()` writes metadata into a copy of an image."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._ids = itertools.count(1)

    def __enter__(self) -> ExifTool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _process(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [exiftool_path(), "-stay_open", "True", "-@", "-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        return self._proc

    def run(self, *args: str) -> tuple[str, str]:
        """Run one exiftool command; returns (stdout, stderr)."""
        proc = self._process()
        assert proc.stdin and proc.stdout and proc.stderr
        n = next(self._ids)
        lines = [*args, "-echo4", f"{{ready{n}}}", f"-execute{n}", ""]
        proc.stdin.write("\n".join(lines).encode("utf-8"))
        proc.stdin.flush()
        return _read_until(proc.stdout, f"{{ready{n}}}"), _read_until(proc.stderr, f"{{ready{n}}}")

    def embed(self, source: Path, target: Path, xmp_packet: bytes, iim: dict[str, Any]) -> None:
        """Write `source` plus the XMP packet and IIM datasets to the new file `target`."""
        if source.suffix.lower() not in EMBEDDABLE:
            raise WriteFailed(f"{source.name}: only JPEG, PNG and TIFF can carry embedded metadata")
        target.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="getty-dam-") as tmp:
            xmp_file, iim_file = Path(tmp, "meta.xmp"), Path(tmp, "iim.json")
            xmp_file.write_bytes(xmp_packet)
            iim_file.write_text(
                json.dumps([{"SourceFile": "*", **iim}], ensure_ascii=False), encoding="utf-8"
            )
            _, err = self.run(
                "-q",
                "-m",
                "-charset",
                "filename=utf8",
                "-IPTC:all=",
                f"-xmp<={xmp_file}",
                f"-json={iim_file}",
                "-o",
                str(target),
                str(source),
            )
        if not target.exists():
            raise WriteFailed(f"exiftool could not write {source.name}: {err.strip()}")

    def read(self, path: Path) -> dict[str, Any]:
        """All tags of a file as exiftool's JSON (`-a -struct -G1 -n`: duplicates, raw values)."""
        out, err = self.run(
            "-j", "-a", "-struct", "-G1", "-n", "-charset", "filename=utf8", str(path)
        )
        if not out.strip():
            raise WriteFailed(f"exiftool could not read {path.name}: {err.strip()}")
        result: dict[str, Any] = json.loads(out)[0]
        return result

    def close(self) -> None:
        if self._proc and self._proc.poll() is None:
            assert self._proc.stdin
            self._proc.stdin.write(b"-stay_open\nFalse\n")
            self._proc.stdin.flush()
            self._proc.wait(timeout=10)
        self._proc = None


def _read_until(stream: IO[bytes], marker: str) -> str:
    chunks: list[str] = []
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace")
        if line.rstrip("\r\n") == marker:
            break
        chunks.append(line)
    return "".join(chunks)
