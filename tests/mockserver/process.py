"""Start the mirror server as a subprocess and stop it (a context manager for tests and benchmarks)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Self

REPO_ROOT = Path(__file__).resolve().parents[2]


class MirrorProcess:
    """``with MirrorProcess(root, faults) as mirror: mirror.url`` serves ``root`` on 127.0.0.1."""

    def __init__(
        self, root: Path, faults: dict[str, dict[str, Any]] | None = None, delay: float = 0.0
    ) -> None:
        self.root = root
        self.faults = faults or {}
        self.delay = delay
        self.url = ""
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> Self:
        faults_file = self.root.parent / f"{self.root.name}.faults.json"
        faults_file.write_text(json.dumps(self.faults))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.mockserver.server", str(self.root), "--faults", str(faults_file),
             "--delay", str(self.delay)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert self._proc.stdout is not None
        self.url = self._proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self._proc.kill()
            raise RuntimeError(f"mirror server did not start (said {self.url!r})")
        return self

    def hits(self) -> dict[str, int]:
        """Requests per path so far."""
        with urllib.request.urlopen(f"{self.url}/_hits", timeout=10) as resp:
            data: dict[str, int] = json.loads(resp.read())
        data.pop("/_hits", None)
        return data

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
