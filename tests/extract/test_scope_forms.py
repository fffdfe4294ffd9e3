"""The paper's own set-up beside another set-up it must not take: every own wording x every distractor.

Distractors are the rubric's ``other`` hardware (a cited or earlier work's, a what-if, timing or
inference only, an acknowledged grant), each with more FLOP/s than the own set-up, so a distractor
read as the paper's own becomes the set-up. Each pair is checked in both orders and as two paragraphs.
"""

from __future__ import annotations

import pytest

from tests.extract.docs import setup_pair

OWN = (
    ("All our models are trained on 4 RTX 3090 GPUs.", ("rtx-3090", 4)),
    ("Our experiments were run on a single A100 GPU.", ("a100", 1)),
    ("We conduct all experiments on 8 V100 GPUs (32GB).", ("v100", 8)),
    ("Training our model takes 12 hours on 2 A6000 GPUs.", ("rtx-a6000", 2)),
    ("Experiments were performed on a server with 4 A40 GPUs.", ("a40", 4)),
    ("Compute resources: each run used one H100 GPU for about 10 hours.", ("h100", 1)),
)
DISTRACTORS = (
    "GPT-3 was trained on 10,000 V100 GPUs (Brown et al., 2020).",
    "In contrast, PaLM used 6144 TPU v4 chips [12].",
    "The original ViT was pre-trained on TPUv3 with 512 cores.",
    "Inference latency is measured on a single T4 GPU with batch size 1.",
    "Training the full model from scratch would require about 1,000 A100 GPUs for a month.",
    "The teacher model of prior work required 64 A100 GPUs to train.",
    "Our method runs in real time on a Jetson Nano and on 2 H100s for the throughput study.",
    "This is well below the 80GB memory of an H100.",
    "LLaMA-65B was trained on 2048 A100 GPUs for 21 days.",
    "For comparison, the baseline of Smith et al. [4] used 32 V100 GPUs.",
    "Throughput (images/s) is measured on 8 A100 GPUs.",
)


@pytest.mark.parametrize("distractor", DISTRACTORS)
def test_the_own_set_up_wins_over_a_distractor_in_any_order(distractor: str) -> None:
    cases = [
        (body, expected)
        for own, expected in OWN
        for body in (f"{own} {distractor}", f"{distractor} {own}", f"{own}\n\n{distractor}")
    ]
    assert [(body, got) for body, expected in cases if (got := setup_pair(body)) != expected] == []


def test_following_prior_work_is_not_another_works_set_up() -> None:
    body = "As in prior work, the model is trained on 8 V100 GPUs for 90 epochs."
    assert setup_pair(body) == ("v100", 8)
