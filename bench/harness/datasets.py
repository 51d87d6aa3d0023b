"""The benchmark data: seed-001 layout made by `ecomflow generate` at a few
scales, cached under bench/.cache/ so later runs skip generation."""
import os
import shutil
import subprocess
import time
from dataclasses import dataclass

from measure import BenchError

SEED = 1
PARTS_PER_DAY = 5
# Python's zipfile deflates at zlib's default level, 6: the seed's archives.
COMPRESSION_LEVEL = 6


@dataclass(frozen=True)
class Scale:
    """One data size, and how many times each kind of command runs on it."""
    name: str
    weeks: int
    events_per_part: int
    compact: bool  # JSON without indentation (the seed writes 2-space indent)
    fast_runs: int  # ecomflow and the speed limits
    anchor_runs: int  # DuckDB and Polars
    pandas_runs: int  # 0: skipped

    @property
    def planned_events(self):
        return self.weeks * 7 * PARTS_PER_DAY * self.events_per_part

    @property
    def json_format(self):
        return "compact JSON" if self.compact else "2-space-indented JSON (seed default)"


SCALES = {
    "small": Scale("small", 50, 100, False, fast_runs=5, anchor_runs=3, pandas_runs=3),
    "medium": Scale("medium", 52, 1000, False, fast_runs=5, anchor_runs=3, pandas_runs=2),
    # pandas holds every event as a Python dict: ~18M of them do not fit
    # comfortably in memory, so it runs on `large` only when asked.
    "large": Scale("large", 52, 10000, True, fast_runs=3, anchor_runs=1,
                   pandas_runs=1 if os.environ.get("BENCH_PANDAS_LARGE") == "1" else 0),
}


@dataclass
class Dataset:
    """Where one scale's data lives."""
    root: str
    events_dir: str
    catalog_db: str  # SQLite file with customers and products
    catalog_dir: str  # customers.csv and products.csv
    extracted_dir: str  # part files as plain .json, made by the extract step
    generate_seconds: float = 0.0


def _layout(root):
    return Dataset(root=root, events_dir=os.path.join(root, "events"),
                   catalog_db=os.path.join(root, "catalog.db"), catalog_dir=os.path.join(root, "catalog"),
                   extracted_dir=os.path.join(root, "extracted"))


def generate_command(ecomflow, scale, dataset):
    command = [ecomflow, "generate", "--weeks", str(scale.weeks), "--events-per-part", str(scale.events_per_part),
               "--parts-per-day", str(PARTS_PER_DAY), "--out", dataset.events_dir,
               "--db", f"sqlite:{dataset.catalog_db}", "--catalog-out", dataset.catalog_dir,
               "--seed", str(SEED), "--compression-level", str(COMPRESSION_LEVEL), "--force"]
    return command + (["--compact"] if scale.compact else [])


def prepare_dataset(scale, ecomflow, cache_root):
    """The scale's data: from BENCH_DATA_<SCALE> when set (a directory with
    events/, catalog.db and catalog/), else generated once and cached."""
    given = os.environ.get(f"BENCH_DATA_{scale.name.upper()}")
    if given:
        return _layout(os.path.abspath(given))
    key = f"{scale.name}-w{scale.weeks}-e{scale.events_per_part}-p{PARTS_PER_DAY}-s{SEED}-z{COMPRESSION_LEVEL}" + \
          ("-compact" if scale.compact else "")
    dataset = _layout(os.path.join(cache_root, key))
    ready = os.path.join(dataset.root, "ready")
    if os.path.exists(ready) and os.environ.get("BENCH_REGENERATE") != "1":
        return dataset
    shutil.rmtree(dataset.root, ignore_errors=True)
    os.makedirs(dataset.root)
    command = generate_command(ecomflow, scale, dataset)
    print(f"  generating {scale.planned_events:,} events: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BenchError(f"ecomflow generate failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    dataset.generate_seconds = time.perf_counter() - started
    for needed in (dataset.events_dir, dataset.catalog_db, os.path.join(dataset.catalog_dir, "products.csv"),
                   os.path.join(dataset.catalog_dir, "customers.csv")):
        if not os.path.exists(needed):
            raise BenchError(f"ecomflow generate did not write {needed}")
    with open(ready, "w") as stamp:
        stamp.write(f"{dataset.generate_seconds:.3f}\n")
    return dataset
