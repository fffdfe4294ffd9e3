"""How long `paperscope --help` takes (target: under 0.5 s): median of 7 fresh interpreters."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".venv" / "bin" / "paperscope"


def main(runs: int = 7) -> None:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "paperscope.cli"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*cmd, "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"paperscope --help: median {median:.3f} s over {runs} runs (min {min(times):.3f}, max {max(times):.3f})"
    )
    print(f"target <= 0.5 s: {'met' if median <= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
