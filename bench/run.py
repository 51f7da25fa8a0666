"""Run every benchmark in turn: `python -m bench.run [name ...]`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
#: Modules in bench/ with a `main(results_dir: Path) -> None`.
BENCHMARKS = ("geodata", "etl", "etl_spark", "dashboard", "disclosure", "soak", "api",
              "web")


def main(names: list[str]) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in names or BENCHMARKS:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            print(f"bench {name}: not written yet, skipped")
            continue
        print(f"== bench {name}")
        module.main(RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
