"""destination-dam throughput: assets per second for sidecar-only, embedded (JPEG) and ninjs
output, and peak memory as the input grows tenfold. Prints a table; not a test."""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from getty_dam import DamConfig, DamLoader
from PIL import Image

SIZES = (100, 1000)


def records(n: int) -> list[tuple[str, dict]]:
    """Getty-shaped purchases, orders and image metadata for n assets."""
    rng = random.Random(n)
    out: list[tuple[str, dict]] = []
    for i in range(n):
        asset_id, order_id = str(1_000_000 + i), str(8_000_000 + i // 10)
        out.append(
            (
                "images",
                {
                    "id": asset_id,
                    "title": f"Pictured {i} — Zürich",
                    "caption": "Caption " * 20,
                    "artist": "Zoë Ødegaard",
                    "credit_line": "Zoë Ødegaard / Getty Images",
                    "copyright": "2025 Getty Images",
                    "license_model": "rightsmanaged",
                    "allowed_use": {
                        "how_can_i_use_it": "Editorial use only.",
                        "release_info": "Not released",
                        "usage_restrictions": ["NO SALES IN FRANCE."],
                    },
                    "date_created": "2025-03-04T05:06:07Z",
                    "city": "Zürich",
                    "country": "Schweiz",
                    "keywords": [
                        {"text": w} for w in rng.sample(["a", "b", "c", "d", "e", "f"], 4)
                    ],
                    "display_sizes": [
                        {"name": "thumb", "uri": f"https://media.gettyimages.com/{i}.jpg"}
                    ],
                },
            )
        )
        out.append(
            (
                "purchased_assets",
                {
                    "asset_id": asset_id,
                    "asset_type": "image",
                    "order_id": order_id,
                    "date_purchased": "2026-10-02T03:04:05Z",
                },
            )
        )
        if i % 10 == 0:
            out.append(
                (
                    "orders",
                    {
                        "id": order_id,
                        "invoice_number": f"INV{i}",
                        "notes": {"licensee_name": "Northwind", "purchase_order_number": f"PO{i}"},
                        "assets": [{"id": str(1_000_000 + j)} for j in range(i, i + 10)],
                    },
                )
            )
    return out


def one_run(kind: str, n: int) -> tuple[float, int]:
    """Assets per second and peak RSS (KiB) of a child process doing one run."""
    code = f"import sys; sys.argv = ['x', {kind!r}, '{n}']; exec(open({__file__!r}).read())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rate, rss = done.stdout.split()
    return float(rate), int(rss)


def child(kind: str, n: int) -> None:
    data = records(n)
    root = Path(tempfile.mkdtemp(prefix="dam-bench-"))
    config = {
        "dam_type": "newsroom" if kind == "ninjs" else "folder",
        "path": str(root),
        "embed_metadata": kind == "embedded",
        "batch_size": 500,
    }
    if kind == "embedded":
        base = root / "base.jpg"
        Image.new("RGB", (64, 48), (10, 20, 30)).save(base)
        for i in range(n):
            shutil.copyfile(base, root / f"{1_000_000 + i}.jpg")
        base.unlink()
    start = time.perf_counter()
    loader = DamLoader(DamConfig.from_mapping(config))
    for stream, record in data:
        loader.add(stream, record)
    loader.close()
    elapsed = time.perf_counter() - start
    shutil.rmtree(root)
    print(f"{n / elapsed:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def main() -> None:
    if not shutil.which("exiftool"):
        sys.exit("exiftool is needed for the embedded run (envs/debian.txt)")
    print(f"{'output':<10} {'assets':>7} {'assets/s':>10} {'peak RSS MiB':>13}")
    for kind in ("sidecar", "embedded", "ninjs"):
        peaks = []
        for n in SIZES:
            rate, rss = one_run(kind, n)
            peaks.append(rss)
            print(f"{kind:<10} {n:>7} {rate:>10.1f} {rss / 1024:>13.1f}")
        print(
            f"{kind:<10} peak memory ratio {SIZES[1] // SIZES[0]}x input: {peaks[1] / peaks[0]:.2f}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], int(sys.argv[2]))
    else:
        main()
