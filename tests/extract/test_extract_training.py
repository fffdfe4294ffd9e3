"""Training time, model size and tokens on constructed snippets, one test per form; compute both ways."""

from __future__ import annotations

import pytest

from analysis.compute import UTILISATION, estimates, hardware_method, operation_counting
from extract.training import extract_training, main_hours
from paperscope.records import ModelSize, TrainingData, TrainingTime
from tests.extract.docs import body_doc, resources


def times(body: str) -> list[tuple[float | None, float | None, str, str | None]]:
    return [(v.hours, v.chip_hours, v.scope, v.chip) for v in values(body, TrainingTime)]


def values(body: str, kind: type) -> list:  # type: ignore[type-arg]
    return [lab.value for lab in extract_training(body_doc(body), resources()) if isinstance(lab.value, kind)]


@pytest.mark.parametrize(
    ("sentence", "hours"),
    [("All models were trained for 3 days on 8 V100 GPUs.", 72.0),
     ("Training took about two weeks on a TPU v3-32 slice.", 336.0),
     ("The run took 36 hours on one A100.", 36.0),
     ("Pre-training converges in roughly 10 h on 4 GPUs.", 10.0),
     ("Each model was trained for 2-3 days.", 72.0),  # a range: its maximum
     ("Training the large model takes 1.5 weeks.", 252.0),
     ("Our search finished in 45 minutes on a laptop CPU.", 0.75)],
)  # fmt: skip
def test_wall_clock_durations_of_training_in_hours(sentence: str, hours: float) -> None:
    assert [t[0] for t in times(sentence)] == [hours]


@pytest.mark.parametrize(
    "sentence",
    ["Each epoch takes 20 minutes on a single GPU.",
     "A forward pass takes 3 hours per batch of videos.",
     "The dataset holds 500 hours of speech recordings used for training.",
     "We train every 2 hours of wall-clock time a new checkpoint.",
     "The authors published their results 3 days after the deadline.",
     "Figure 2: wall-clock training time on random graphs, 10 -1 10 0 10 1 Sec./epoch.",  # an axis of rates
     "Training throughput was 12 s/it on one GPU."],
)  # fmt: skip
def test_rates_and_other_times_are_no_training_duration(sentence: str) -> None:
    assert times(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "chip_hours"),
    [("The full architecture search required 320 GPU-days.", 7680.0),
     ("Training used 1,000 TPU-core-hours on TPU v3.", 500.0),  # two cores per chip
     ("In total the experiments consumed 2k V100 hours.", 2000.0)],
)  # fmt: skip
def test_accelerator_time_in_chip_hours(sentence: str, chip_hours: float) -> None:
    assert [t[1] for t in times(sentence)] == [chip_hours]


def test_a_duration_is_tied_to_the_set_up_of_its_clause_and_fine_tuning_is_not_main() -> None:
    body = "We pre-train on 64 TPU v3 chips for 4 days; fine-tuning on one V100 takes 6 hours."
    assert times(body) == [(96.0, None, "main", "tpu-v3"), (6.0, None, "fine_tuning", "v100")]
    labels = extract_training(body_doc(body), resources())
    assert main_hours(labels, "tpu-v3") == 96.0


def test_the_main_duration_prefers_the_set_up_chip_over_a_longer_untied_one() -> None:
    body = "The baseline was trained for 10 days. Our model trains for 2 days on 8 A100 GPUs."
    labels = extract_training(body_doc(body), resources())
    assert main_hours(labels, "a100") == 48.0
    assert main_hours(labels, None) == 240.0


@pytest.mark.parametrize(
    ("sentence", "params"),
    [("Our model has 1.5B parameters.", 1_500_000_000),
     ("We train a 175B-parameter language model.", 175_000_000_000),
     ("The encoder has 110 million parameters.", 110_000_000),
     ("It has 86M trainable params.", 86_000_000),
     ("The network has 23,500,000 parameters.", 23_500_000)],
)  # fmt: skip
def test_parameter_counts(sentence: str, params: int) -> None:
    assert [v.params for v in values(sentence, ModelSize)] == [params]


def test_tokens_and_no_tiny_parameter_counts() -> None:
    assert [v.tokens for v in values("The model is trained on 300B tokens.", TrainingData)] == [
        300_000_000_000
    ]
    assert values("We tune 3 parameters by grid search.", ModelSize) == []


def test_compute_both_ways_with_their_inputs_and_ratio() -> None:
    # 8 A100s (FP32 19.5 TFLOP/s each) for 24 hours at 30% utilisation; a 1B model on 20B tokens
    found, ratio = estimates(setup_peak=8 * 19.5e12, hours=24, params=1e9, tokens=20e9)
    hardware, counting = found
    assert hardware.flop == pytest.approx(8 * 19.5e12 * 24 * 3600 * UTILISATION)
    assert counting.flop == pytest.approx(6 * 1e9 * 20e9)
    assert ratio == pytest.approx(hardware.flop / counting.flop)
    assert dict(hardware.inputs)["hours"] == 24
    chip_time = hardware_method(None, None, chip_peak=125e12, chip_hours=1000, utilisation=0.4)
    assert chip_time is not None
    assert chip_time.flop == pytest.approx(125e12 * 1000 * 3600 * 0.4)
    assert operation_counting(None, 1e9) is None
    with pytest.raises(ValueError, match="utilisation"):
        hardware_method(1e12, 1, utilisation=1.5)


def test_zero_amounts_are_no_labels() -> None:
    body = "Training took 0 hours of extra time and 0 GPU-days. A 0B-parameter stub saw 0B tokens."
    assert extract_training(body_doc(body), resources()) == []


def test_another_works_model_size_is_not_the_papers() -> None:
    body = "GPT-3 [5] has 175B parameters. Our model has 1.3B parameters and is trained for 2 days on 8 GPUs."
    from extract.training import main_params

    labels = extract_training(body_doc(body), resources())
    assert sorted((v.params, v.scope) for v in (lab.value for lab in labels) if isinstance(v, ModelSize)) == [
        (1_300_000_000, "main"), (175_000_000_000, "other")]  # fmt: skip
    assert main_params(labels) == 1_300_000_000


@pytest.mark.parametrize(
    ("sentence", "hours"),
    [("Each point is expensive to obtain (9.5 days on a GPU).", 228.0),
     ("A full sweep costs about 3 days on 16 V100s.", 72.0),
     ("Fitting the model takes 38 seconds to train on a CPU.", 38 / 3600)],
)  # fmt: skip
def test_a_duration_on_named_hardware_or_in_seconds_is_compute_time(sentence: str, hours: float) -> None:
    assert [t[0] for t in times(sentence)] == [pytest.approx(hours)]


def test_a_cited_works_training_time_is_not_the_papers() -> None:
    body = ("BERT [7] was trained for 4 days on 16 Cloud TPUs. "
            "We train our model for 36 hours on 8 V100 GPUs.")  # fmt: skip
    assert sorted((t[0], t[2]) for t in times(body)) == [(36.0, "main"), (96.0, "other")]
    assert main_hours(extract_training(body_doc(body), resources())) == 36.0


@pytest.mark.parametrize(
    ("sentence", "hours"),
    [("We train for 500k steps at 0.4 s/step on 64 TPU v3 chips.", 500_000 * 0.4 / 3600),
     ("Training runs 100,000 iterations, at 250 ms per iteration on 8 GPUs.", 100_000 * 0.25 / 3600),
     ("The model is trained for 20k steps, each step taking 1.5 seconds a step.", 20_000 * 1.5 / 3600)],
)  # fmt: skip
def test_steps_times_the_time_per_step_is_a_duration(sentence: str, hours: float) -> None:
    assert [t[0] for t in times(sentence)] == [pytest.approx(hours)]


def test_a_time_per_step_without_a_number_of_steps_is_only_a_rate() -> None:
    assert times("One training step takes 0.4 s/step on a V100 GPU.") == []


def test_tokens_times_epochs_and_examples_times_epochs() -> None:
    from paperscope.training import main_tokens

    body = "We pre-train on 3.3B tokens for 40 epochs. The classifier is trained for 90 epochs over 1.28M images."
    labels = extract_training(body_doc(body), resources())
    data = sorted(((v.tokens, v.examples, v.epochs) for v in (lab.value for lab in labels)
                   if isinstance(v, TrainingData)), key=str)  # fmt: skip
    assert data == [(132_000_000_000, None, 40.0), (None, 1_280_000, 90.0)]
    assert main_tokens(labels) == 132_000_000_000  # tokens seen; examples are not tokens (6ND reads tokens)


def test_examples_without_epochs_or_training_are_no_data_label() -> None:
    assert values("The test set holds 10,000 images.", TrainingData) == []
    assert values("ImageNet has 1.28M images for 90 epochs of evaluation.", TrainingData) == []


@pytest.mark.parametrize(
    ("sentence", "hours"),
    [("Each step takes 1.2 seconds and we train for 100k steps.", 1.2 * 100_000 / 3600),
     ("One training iteration took about 300 ms; the model was trained for 200k iterations.", 0.3 * 200_000 / 3600),
     ("Training takes 30 minutes per epoch and we train for 100 epochs.", 50.0),
     ("We train for 40 epochs; each epoch takes 2 hours on 8 GPUs.", 80.0)],
)  # fmt: skip
def test_a_time_per_step_or_epoch_times_their_number_is_a_duration(sentence: str, hours: float) -> None:
    assert [t[0] for t in times(sentence)] == [pytest.approx(hours)]


def test_a_time_per_epoch_without_a_number_of_epochs_is_no_duration() -> None:
    assert times("Each epoch takes 20 minutes on a single GPU.") == []


@pytest.mark.parametrize(
    ("sentence", "params"),
    [("We train a 175-billion parameter decoder.", 175_000_000_000),
     ("The number of parameters is 12 million.", 12_000_000),
     ("Parameters: 85M.", 85_000_000),
     ("The total parameter count of our network is 340M.", 340_000_000)],
)  # fmt: skip
def test_parameter_counts_written_with_a_hyphen_or_after_the_word(sentence: str, params: int) -> None:
    assert [v.params for v in values(sentence, ModelSize)] == [params]


@pytest.mark.parametrize(
    "sentence",
    ["Compared to GPT-3 (175B parameters), our model is small.",
     "With only 0.8M parameters, our network matches ResNet-152 (60M parameters)."],
)  # fmt: skip
def test_the_size_of_a_model_named_for_comparison_is_another_works(sentence: str) -> None:
    sizes = sorted((v.params, v.scope) for v in values(sentence, ModelSize))
    assert [scope for params, scope in sizes if params >= 60_000_000] == ["other"]
    assert all(scope == "main" for params, scope in sizes if params < 60_000_000)
