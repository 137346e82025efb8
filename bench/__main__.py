"""`python -m bench [--quick]`: every benchmark, then one table of their last JSON lines."""
from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

NOT_BENCHMARKS = {"load", "processes"}


def benchmarks() -> list[str]:
    here = Path(__file__).parent
    return sorted(module.name for module in pkgutil.iter_modules([str(here)])
                  if not module.name.startswith("_") and module.name not in NOT_BENCHMARKS)


def main(argv: list[str]) -> int:
    results, failed = [], []
    for name in benchmarks():
        print(f"== bench.{name}", flush=True)
        run = subprocess.run([sys.executable, "-m", f"bench.{name}", *argv], capture_output=True, text=True)
        print(run.stdout, end="")
        lines = run.stdout.strip().splitlines()
        if run.returncode != 0 or not lines:
            failed.append(name)
            print(run.stderr[-3000:], file=sys.stderr)
            continue
        results.append(json.loads(lines[-1]))
    print(f"\n{'bench':<12}{'ratio':>8}  {'met':<6}target")
    for result in results:
        print(f"{result['bench']:<12}{result['ratio']:>8}  {str(result['met']):<6}{json.dumps(result['target'])}")
    for name in failed:
        print(f"{name:<12}{'failed':>8}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
