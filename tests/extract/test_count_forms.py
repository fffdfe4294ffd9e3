"""The rubric's count rules over many phrasings and chips: a grammar of counts, not a list of papers.

Each form is checked with several chips and counts, so a rule that holds for "8 V100" but not for
"8 RTX 3090" (the digits of its name) or for 16 but not 2048 shows up.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.extract.docs import setup_pair

WORDS = {2: "two", 4: "four", 16: "sixteen"}
GPUS = (
    ("V100", "v100"),
    ("A100", "a100"),
    ("H100", "h100"),
    ("RTX 3090", "rtx-3090"),
    ("A6000", "rtx-a6000"),
)
FORMS: tuple[tuple[str, Callable[[int], int]], ...] = (
    ("Training takes two days on {w} {c} GPUs.", lambda n: n),
    ("We used {w} NVIDIA {c} GPUs for all experiments.", lambda n: n),
    ("All experiments were run on {n} nodes with 8 {c} GPUs each.", lambda n: 8 * n),
    ("All experiments were run on {n} nodes, each equipped with 8 {c} GPUs.", lambda n: 8 * n),
    ("We train on {n}x8 {c} GPUs.", lambda n: 8 * n),
    ("We train with 8 {c} GPUs per node on {n} nodes.", lambda n: 8 * n),
    ("Models were trained on 2 to {n} {c} GPUs depending on size.", lambda n: n),
    ("Models were trained on up to {n} {c} GPUs.", lambda n: n),
    ("Compute: {n} × NVIDIA {c} (80GB).", lambda n: n),
    ("We use {n} GPUs (NVIDIA {c}) for training.", lambda n: n),
    ("The model is trained on {c} GPUs ({n} in total) for 3 days.", lambda n: n),
    ("We trained the model using {n} {c}s for 100k steps.", lambda n: n),
    ("Training: {c} x {n}, 3 days.", lambda n: n),
    ("The largest model was trained on {n} {c} GPUs across 4 nodes.", lambda n: n),
)
TPU_FORMS = (
    ("We train on 64 TPU v3 cores.", ("tpu-v3", 32)),
    ("Training uses a TPU v3-128 pod slice.", ("tpu-v3", 64)),
    ("Training uses TPU v4-64.", ("tpu-v4", 32)),
    ("We pre-train on 256 TPUv4 chips for two weeks.", ("tpu-v4", 256)),
    ("We pre-train on a 4x4x8 TPU v4 slice.", ("tpu-v4", 128)),
    ("Models were trained on 8 TPUv3 chips (16 cores).", ("tpu-v3", 8)),
    ("The model is trained on TPUv3 with 512 cores.", ("tpu-v3", 256)),
    ("We train on a TPU v3 Pod with 1,024 cores.", ("tpu-v3", 512)),
    ("We use TPU v5e-256 slices.", ("tpu-v5e", 256)),
    ("We use a TPUv3-8 for fine-tuning and a TPUv3-32 for pre-training.", ("tpu-v3", 16)),
    ("Experiments used Google Cloud TPU v2-8.", ("tpu-v2", 4)),
    ("We trained on 2048 TPU v3 cores, i.e., a full pod.", ("tpu-v3", 1024)),
)


@pytest.mark.parametrize(("form", "expected"), FORMS, ids=[f for f, _ in FORMS])
def test_gpu_count_forms_give_the_rubrics_count_for_every_chip(
    form: str, expected: Callable[[int], int]
) -> None:
    wrong = []
    for name, chip in GPUS:
        for n in (2, 4, 16):
            body = form.format(w=WORDS[n], c=name, n=n)
            if setup_pair(body) != (chip, expected(n)):
                wrong.append((body, setup_pair(body)))
    assert wrong == []


@pytest.mark.parametrize(("body", "expected"), TPU_FORMS)
def test_tpu_count_forms_give_chips(body: str, expected: tuple[str, int]) -> None:
    assert setup_pair(body) == expected
