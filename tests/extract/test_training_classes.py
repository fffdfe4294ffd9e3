"""Training inputs by class of statement, on constructed snippets: sizes in prose and tables, durations, tokens."""

from __future__ import annotations

import pytest

from extract.training import extract_training, main_params
from paperscope.records import ModelSize, TrainingData, TrainingTime
from paperscope.training import main_chip_hours, main_hours, main_tokens
from tests.extract.docs import body_doc, resources


def sizes(body: str) -> list[tuple[int, str]]:
    found = extract_training(body_doc(body), resources())
    return sorted((lab.value.params, lab.value.scope) for lab in found if isinstance(lab.value, ModelSize))


def largest(body: str) -> int | None:
    return main_params(extract_training(body_doc(body), resources()))


# -- parameters in prose -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "params"),
    [("For all graphs the number of parameters is fixed to ~ 500k.", 500_000),
     ("Each network uses a parameter budget of 100K.", 100_000),
     ("We keep our encoders below 250k parameters.", 250_000)],
)  # fmt: skip
def test_a_fixed_parameter_budget_with_a_lower_case_k(sentence: str, params: int) -> None:
    assert largest(sentence) == params


def test_sizes_that_name_a_model_without_the_word_parameters() -> None:
    body = ("We train the 350 million, 1.3 billion, and 6.7 billion model configurations. "
            "Fine-tuning our 2.7B model takes a day.")  # fmt: skip
    assert sizes(body) == [(350_000_000, "main"), (1_300_000_000, "main"), (2_700_000_000, "main"),
                           (6_700_000_000, "main")]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    ["We evaluate our 2B models and compare against the 70B parameter Chinchilla (Hoffmann et al., 2022).",
     "Note that the state of the art is held by the XL-Net model (500M parameters) pre-trained on more data.",
     "Prior work trained a 540B parameter model on web text.",
     "As baselines, we also run plain transformers with 900M parameters."],
)  # fmt: skip
def test_a_size_after_a_comparison_or_baseline_phrase_is_another_models(sentence: str) -> None:
    assert max(sizes(sentence))[1] == "other"  # the largest size, another's; "our 2B models" stays ours


def test_a_comparison_phrase_before_our_model_keeps_our_size() -> None:
    assert sizes("Compared with the baselines, our 1.2B parameter model converges faster.") == [
        (1_200_000_000, "main")
    ]


def test_a_reward_model_or_teacher_is_not_the_main_model() -> None:
    body = ("Our policy has 1.3B parameters. We also train reward models with up to 6B parameters. "
            "The teacher network has 300M parameters.")  # fmt: skip
    assert largest(body) == 1_300_000_000


def test_a_citation_after_et_al_is_in_the_same_clause() -> None:
    body = "The Smith et al. energy estimate for the 20B parameter model is 12 tonnes."
    assert sizes(body) == [(20_000_000_000, "other")]


def test_a_used_cited_model_counts_when_we_use_it_on_the_line_before() -> None:
    body = "The decoder could be any sequence model. We use\nT5-large [12], a transformer [3] with 770M parameters."
    assert sizes(body) == [(770_000_000, "main")]


# -- parameters in tables ----------------------------------------------------------------------------


def test_a_row_headed_by_the_parameter_word_gives_every_cell() -> None:
    body = ("Table 1: Hyper-parameters of our models.\nLayers 6 12 24\nParameters (M) 22 85 310\n"
            "# Params 1,204,331 9,870,112\nIt was trained with Adam.")  # fmt: skip
    assert largest(body) == 310_000_000
    assert [p for p, _ in sizes(body)] == [1_204_331, 9_870_112, 22_000_000, 85_000_000, 310_000_000]


def test_a_table_of_one_models_variants_counts_every_row() -> None:
    body = ("Model Layers Width Heads Params\nNet-Small 6 256 4 20M\nNet-Medium 12 512 8 110M\n"
            "Net-Large 24 1024 16 440M\nTable 2: Details of the three variants.")  # fmt: skip
    assert largest(body) == 440_000_000


def test_rows_marked_ours_are_the_papers_and_the_rest_are_others() -> None:
    body = ("Method Backbone Param. Top-1\nAlpha [4] Conv-101 600M 80.1\nBeta Conv-50 900M 79.0\n"
            "Gamma (ours) Conv-50 300M 81.2\nGamma (ours) Conv-200 450M 82.0\nTable 3: Linear evaluation.")  # fmt: skip
    assert largest(body) == 450_000_000
    assert (900_000_000, "other") in sizes(body)


def test_rows_under_a_method_marked_ours_are_the_papers() -> None:
    body = ("method backbone mIoU #params. FLOPs\nSegA [7] R101 44.0 60M 200G\nSegB (ours)\nR50 45.1 41M 90G\n"
            "Swin-L\n52.0 210M 700G\nTable 4: Semantic segmentation.")  # fmt: skip
    assert largest(body) == 210_000_000


def test_a_column_whose_unit_is_in_its_header_reads_bare_numbers() -> None:
    body = ("Method Architecture Param (M) Top 1 Top 5\nMethods using Conv-50:\nAlpha Conv-50 24 60.2 -\n"
            "Gamma (ours) Conv-50 24 69.3 89.0\nBeta Conv-161 (*) 305 71.5 90.1\n"
            "Gamma (ours) Conv-50 (4x) 375 76.5 93.2\nTable 6: Linear evaluation.")  # fmt: skip
    assert largest(body) == 375_000_000
    assert (305_000_000, "other") in sizes(body)


def test_bare_numbers_after_an_unnamed_numeric_column_are_not_read_as_parameters() -> None:
    # "Epochs" precedes the parameter column: a row's first trailing number is no parameter count
    body = ("Method Epochs Params (M) Top-1\nGamma (ours) 300 86 81.2\nTable 2: Training length.")  # fmt: skip
    assert largest(body) is None


def test_a_parameter_column_is_read_cell_by_cell_when_rows_align_with_the_header() -> None:
    body = ("Table 5: Scaling suite.\nName n_layers d_model Params (B) Tokens (B)\nXS 24 1024 0.35 300\n"
            "S 24 2048 1.3 300\nL 32 4096 6.7 300\nIt was trained with Adam.")  # fmt: skip
    assert largest(body) == 6_700_000_000
    body = ("Table 7: Cascade.\nModel Resolution Params Steps\nBase 64x64 2.0B 2.5M\nSR-1 256x256 600M 9.5B\n"
            "It was trained with Adam.")  # fmt: skip
    assert [p for p, _ in sizes(body)] == [600_000_000, 2_000_000_000]  # the steps column is no size


def test_rows_named_by_size_alone_are_one_models_variants() -> None:
    body = ("Table 4: Model sizes.\nModel Layers Hidden Params\nBase 12 768 110M\nLarge 24 1024 340M\n"
            "XL 36 1536 1.1B\nIt was trained with Adam.")  # fmt: skip
    assert largest(body) == 1_100_000_000


def test_rows_the_caption_calls_projected_are_not_trained() -> None:
    body = ("Table 4: Model sizes. Models marked * are projected from our scaling fit and were\n"
            "not trained.\nModel Layers Hidden Params\nBase 12 768 110M\nXL 36 1536 1.1B\nXXL* 48 4096 9.8B\n"
            "It was trained with Adam.")  # fmt: skip
    assert largest(body) == 1_100_000_000
    assert (9_800_000_000, "other") in sizes(body)


def test_a_comparison_table_without_marks_is_no_size_of_the_paper() -> None:
    body = ("Model Top-1 Acc. #Params\nResNet-152 (He et al., 2016) 77.8% 60M\nWideNet-B1 78.8% 7.8M\n"
            "GiantNet 84.3% 556M\nTable 5: Comparison on ImageNet.")  # fmt: skip
    assert largest(body) is None


# -- durations and chip time -------------------------------------------------------------------------


def hours_of(body: str) -> list[tuple[float | None, float | None, str]]:
    found = extract_training(body_doc(body), resources())
    return [
        (v.hours, v.chip_hours, v.scope) for v in (lab.value for lab in found) if isinstance(v, TrainingTime)
    ]


def test_a_duration_inside_a_product_is_a_factor_not_a_run() -> None:
    assert hours_of("Emissions of our pre-training: 2 * 300W * 5,000h * 1.1 = 3.3 MWh.") == []


def test_the_first_days_of_the_data_are_no_duration() -> None:
    assert hours_of("We use the first 20 days for training and the rest for testing.") == []


def test_a_supposed_duration_is_not_the_papers_run() -> None:
    body = "A single-GPU machine could complete our training in 4-7 days. We trained for 3 days on 8 GPUs."
    assert main_hours(extract_training(body_doc(body), resources())) == 72.0


def test_days_of_accelerator_compute_are_chip_hours() -> None:
    body = "Here, we use 100 days of TPUv2 compute for our search."
    assert hours_of(body) == [(None, 2400.0, "main")]


def test_a_cited_works_accelerator_time_is_not_the_papers() -> None:
    body = "The Smith et al. estimate for the large model is 12 tonnes for 9,000 days of TPUv3 usage."
    assert main_chip_hours(extract_training(body_doc(body), resources())) is None


def test_fine_tuning_with_reinforcement_learning_is_main_training() -> None:
    body = "Fine-tuning our 6B policy with RL required approximately 100 GPU-days."
    assert hours_of(body) == [(None, 2400.0, "main")]


# -- tokens ------------------------------------------------------------------------------------------


def test_words_are_tokens_of_a_word_level_model_but_not_a_speed() -> None:
    body = ("We trained the model on a corpus of about 20 billion words. "
            "An optimised implementation can train on 100 billion words in one day.")  # fmt: skip
    assert main_tokens(extract_training(body_doc(body), resources())) == 20_000_000_000


def test_a_total_of_tokens_counts_its_epochs_already() -> None:
    found = extract_training(body_doc("Training lasts 2 epochs, for a total of 300B tokens."), resources())
    assert [v.tokens for v in (lab.value for lab in found) if isinstance(v, TrainingData)] == [
        300_000_000_000
    ]


# -- classes from the blind training snippets (benchmarks/gold/snippets/training.jsonl, dev) ------------


def labels(body: str) -> list[object]:
    return list(extract_training(body_doc(body), resources()))


def test_a_half_in_words_counts() -> None:
    body = "Training on 8 TITAN Xp GPUs takes two and a half days for the long schedule."
    assert main_hours(extract_training(body_doc(body), resources())) == 60


def test_accelerator_years_are_chip_hours() -> None:
    body = "Our largest run was trained on V100 GPUs and consumed about 4 GPU-years."
    assert main_chip_hours(extract_training(body_doc(body), resources())) == 4 * 8760


def test_the_whole_projects_accelerator_time_is_not_the_main_runs() -> None:
    body = (
        "In total, all experiments in this paper, including ablations and sweeps, used about 9,000 "
        "GPU-hours on A100s. Training the main model takes 18 hours on 8 A100 GPUs."
    )
    found = extract_training(body_doc(body), resources())
    assert main_chip_hours(found) is None
    assert main_hours(found) == 18


def test_a_time_that_covers_several_seeds_is_not_one_run() -> None:
    body = (
        "A single training run of the full model takes approximately 90 min on one GTX 1080 Ti, "
        "so that the five seeds reported in Table 2 complete in under 8 hours."
    )
    assert main_hours(extract_training(body_doc(body), resources())) == 1.5


def test_generating_samples_is_not_training() -> None:
    body = "Generating the 50k samples used for FID takes 12 hours on 8 A100 GPUs. Training the model takes 4 days."
    assert main_hours(extract_training(body_doc(body), resources())) == 96


def test_another_works_tokens_are_not_the_papers() -> None:
    body = (
        "We train a 1.3B-parameter decoder on 100B tokens from the Pile. For comparison, GPT-3 XL, "
        "which has the same size, was trained on 300B tokens [4]."
    )
    assert main_tokens(extract_training(body_doc(body), resources())) == 100_000_000_000


@pytest.mark.parametrize(
    ("body", "params"),
    [
        (
            (
                "We keep the CLIP ViT-L/14 image encoder (428M parameters) frozen and train only a lightweight "
                "mapping network (12M parameters)."
            ),
            12_000_000,
        ),
        (
            (
                "Compared to ResNet-34, our design saves 18M parameters in the final stage alone, resulting in a "
                "network with 5.6M parameters."
            ),
            5_600_000,
        ),
    ],
)
def test_frozen_models_and_savings_are_not_the_trained_models_size(body: str, params: int) -> None:
    assert largest(body) == params


@pytest.mark.parametrize(
    ("sentence", "tokens"),
    [("We pre-train on 40B text tokens for one epoch.", 40_000_000_000),
     ("The model is trained on 300B English web tokens.", 300_000_000_000),
     ("Training uses 1.2T pre-training tokens in total.", 1_200_000_000_000)],
)  # fmt: skip
def test_tokens_with_a_word_for_their_kind_are_the_training_data(sentence: str, tokens: int) -> None:
    assert main_tokens(extract_training(body_doc(sentence), resources())) == tokens


def test_a_model_that_takes_a_time_is_trained_for_it() -> None:
    body = "We train three model sizes on the same data. The 1.0B model takes 1.5 days; the 160M model under 10 hours."
    assert (36.0, None, "main") in hours_of(body)


@pytest.mark.parametrize(
    "body",
    [
        "Our model takes 2 hours to evaluate on the full test set.",
        "The model takes 3 days to generate all samples.",
    ],
)
def test_a_model_taking_time_for_something_else_is_no_training_time(body: str) -> None:
    assert hours_of(body) == []


def test_the_original_papers_model_and_data_are_another_works() -> None:
    body = ("Our model (~770M params) is pre-trained on roughly 524B tokens in total. "
            "The original T5 paper trained its 11B model on 1T tokens.")  # fmt: skip
    labels = extract_training(body_doc(body), resources())
    assert main_params(labels) == 770_000_000
    assert main_tokens(labels) == 524_000_000_000


def test_tokens_explained_by_epochs_in_parentheses_are_already_the_total() -> None:
    body = "Our largest model is trained on 180B tokens (1.5 epochs of a 120B-token corpus) using 128 TPU v4 chips."
    assert main_tokens(extract_training(body_doc(body), resources())) == 180_000_000_000


def test_chip_hours_with_the_word_chip_are_accelerator_time() -> None:
    body = "It is trained using 128 TPU v4 chips for 3 days, amounting to about 9,200 TPU v4\nchip-hours."
    assert main_chip_hours(extract_training(body_doc(body), resources())) == 9_200


def test_minutes_per_thousand_steps_are_a_rate_not_a_run() -> None:
    body = "We measure about 6 minutes per 1,000 steps on a single V100 and train all agents for 1M steps."
    assert hours_of(body) == []


def test_a_duration_stated_with_the_set_ups_count_wins_over_one_with_the_same_chip_alone() -> None:
    body = (
        "The small model trains for 10,000 epochs, which takes around 8.5 hours on a single RTX 3090 GPU.\n"
        "The large model trains for 50k steps, which takes less than 3 hours on 8 RTX 3090 GPUs."
    )
    labels = extract_training(body_doc(body), resources())
    assert main_hours(labels, "rtx-3090", 8) == 3.0  # the set-up is eight of them
    assert main_hours(labels, "rtx-3090", 1) == 8.5
    assert main_hours(labels, "rtx-3090") == 8.5  # without a count: the longest with the chip


@pytest.mark.parametrize(
    ("body", "hours"),
    [
        ("Training the model takes 2 weeks and 3 days on 8 A100 GPUs.", 408.0),
        ("One training run takes 1 hour and 20 minutes on a single V100.", 1 + 20 / 60),
        ("Training takes 1 day 12 hours on 8 V100 GPUs.", 36.0),
        ("Training takes half a day on 8 A100 GPUs.", 12.0),
        ("Training ran for 3 days and 4 hours and 20 minutes on 8 V100s.", 76 + 1 / 3),
    ],
)
def test_compound_and_half_durations_are_one_duration(body: str, hours: float) -> None:
    got = main_hours(extract_training(body_doc(body), resources()), None, None)
    assert got == pytest.approx(hours)


def test_two_durations_of_a_respectively_list_stay_two() -> None:
    labels = extract_training(
        body_doc("Training the two models takes 2 days and 6 hours, respectively."), resources()
    )
    assert sorted(v.hours for lab in labels if isinstance(v := lab.value, TrainingTime) and v.hours) == [
        6.0,
        48.0,
    ]
