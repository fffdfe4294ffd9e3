"""ICML/ICLR crawl tests import the shared mirror helpers as ``tests.mockserver`` / ``tests.crawlers``."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
