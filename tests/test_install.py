"""The package works outside a checkout: the sample ships inside it, `run` needs no repo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from dodarchive.commands.run import sample_dir
from tests.conftest import ROOT

SAMPLE_FILES = {
    "afmil-2016.warc.gz",
    "defensegov-2018.warc.gz",
    "defensegov-2020.warc.gz",
    "dma-listings.warc.gz",
    "legacy.warc.gz",
    "wargov-2025.warc.gz",
    "wargov-reconstructed.warc.gz",
}


def test_sample_is_package_data() -> None:
    folder = sample_dir()
    assert folder.is_relative_to(Path(__import__("dodarchive").__file__).parent)
    assert {p.name for p in folder.iterdir()} >= SAMPLE_FILES


def test_wheel_carries_the_sample_and_the_site_table(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, env={**os.environ, "PIP_NO_INDEX": "1"},
    )  # fmt: skip
    (wheel,) = tmp_path.glob("dodarchive-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"dodarchive/data/sample/{n}" for n in SAMPLE_FILES} <= names
    assert "dodarchive/data/sites.toml" in names
    assert not any(n.startswith("tests/") for n in names)


def test_run_from_any_folder(tmp_path: Path) -> None:
    """`dodarchive run` in an empty folder: the packaged sample, output under that folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "dodarchive", "run", "--workers", "1"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "  articles             168\n" in proc.stdout  # 10 af.mil speech stubs
    assert (tmp_path / "out" / "articles.jsonl").stat().st_size > 0
    assert sorted(p.name.split("-", 1)[0] for p in (tmp_path / "warc").glob("*.warc.gz"))
