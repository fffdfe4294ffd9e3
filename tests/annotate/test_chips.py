"""A corrected set-up gets its peaks from the chip table, under the hardware extractor's policies."""

from __future__ import annotations

import pytest

from annotate.chips import chip_table, setup_peaks
from extract.hardware import tensor_peak
from extract.resources import Resources
from paperscope.settings import DATA_DIR


def test_peaks_agree_with_the_extractor_for_every_chip():
    resources = Resources.load(DATA_DIR)
    table = chip_table()
    assert set(table) == set(resources.chips)
    for chip in table:
        spec = resources.chip(chip)
        peaks = setup_peaks(chip, 4)
        assert peaks.fp32 == (None if spec.fp32_flops is None else 4 * spec.fp32_flops), chip
        expected = tensor_peak(spec)
        assert peaks.tensor == (None if expected is None else pytest.approx(4 * expected)), chip


def test_unknown_chip_and_missing_count():
    assert setup_peaks("abacus", 8) == setup_peaks("", None)
    assert setup_peaks("abacus", 8).fp32 is None
    assert setup_peaks("v100", None) == setup_peaks("v100", 1)
