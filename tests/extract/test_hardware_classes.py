"""Hardware failure classes on invented snippets: one test per class of wording, never per paper."""

from __future__ import annotations

import pytest

from extract.hardware import extract_hardware
from paperscope.records import Hardware, HardwareSetup
from tests.extract.docs import body_doc, resources, setup_pair, values


def pairs(body: str) -> list[tuple[str, int | None]]:
    out = values(extract_hardware(body_doc(body), resources()), "hardware")
    return [(v.chip, v.count) for v in out if isinstance(v, Hardware)]


def setup_of(body: str) -> HardwareSetup | None:
    out = values(extract_hardware(body_doc(body), resources()), "hardware_setup")
    return next((v for v in out if isinstance(v, HardwareSetup)), None)


@pytest.mark.parametrize(
    "body",
    [
        "Our pruning gives on average a 3× speedup on GPU.",
        "The fused kernel runs 2x faster on GPUs than the naive one.",
        "Sparse layers reach a 4.5 times higher throughput on TPU.",
    ],
)
def test_a_speed_up_factor_before_a_class_name_is_no_count(body: str) -> None:
    assert all(count is None for _, count in pairs(body))


def test_an_unnamed_gpu_is_never_attributed_to_a_cpu_named_before_it() -> None:
    body = (
        "Speed is measured on a single-socket Intel Xeon E5-2690 CPU. "
        "We then train every network on 4 GPUs for two days."
    )
    assert ("gpu", 4) in pairs(body)
    assert ("cpu", 4) not in pairs(body)


@pytest.mark.parametrize(
    "body",
    [
        "Unlike dense retrieval, our index needs neither a GPU nor a large memory for search.",
        "The whole pipeline runs without a GPU on commodity laptops.",
        "Inference does not require a GPU at all.",
    ],
)
def test_negated_hardware_is_no_device(body: str) -> None:
    assert pairs(body) == []


def test_a_share_of_the_single_gpu_is_no_device() -> None:
    body = (
        "We train on 16 A100 GPUs. The local variant draws negatives from the examples of the single GPU, "
        "the global one gathers them from all GPUs."
    )
    assert pairs(body) == [("a100", 16)]


def test_the_tail_of_a_decimal_size_is_no_memory_of_the_chip() -> None:
    out = values(
        extract_hardware(body_doc("Each run fits on a GPU with 13.4GB of free memory."), resources()),
        "hardware",
    )
    assert [(v.chip, v.count, v.memory_gb) for v in out if isinstance(v, Hardware)] == [("gpu", 1, None)]


@pytest.mark.parametrize(
    "body",
    [
        "Timings are measured on a single-thread Intel Xeon E5-2630 CPU.",
        "All runs used a single-core Intel Core i7-8700 processor.",
    ],
)
def test_a_single_threaded_cpu_is_one_chip(body: str) -> None:
    assert pairs(body) == [("cpu", 1)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The proposal stage is evaluated in a CPU.", [("cpu", 1)]),
        ("All baselines run on a single CPU.", [("cpu", 1)]),
        ("Each job was given 1 GPU and between 4 and 6 CPUs.", [("gpu", 1)]),  # CPUs that may be cores
        ("Large models need a combination of CPUs and GPUs.", []),  # an article counts no plural
        ("The CPU-only baseline is slow.", []),
    ],
)
def test_a_cpu_named_by_its_class_counts_only_in_the_singular(
    body: str, expected: list[tuple[str, int | None]]
) -> None:
    assert pairs(body) == expected


def test_a_class_name_beside_a_chip_of_another_class_is_its_own_mention() -> None:
    body = "Timings are on a K40 GPU, except the proposal step, which is evaluated in a CPU."
    assert sorted(pairs(body)) == [("cpu", 1), ("k40", 1)]


def test_a_gpu_named_by_its_class_outranks_a_cpu_in_the_set_up() -> None:
    body = "Data are prepared on a CPU. We train the network on 8 GPUs."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("gpu", 8)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("We trained the model on Google Cloud TPUs for 3 days.", [("tpu", None)]),
        ("Our implementation is very slow on TPUs, so we trained fewer models.", []),
    ],
)
def test_cloud_tpus_used_for_training_are_a_tpu_without_count(
    body: str, expected: list[tuple[str, int | None]]
) -> None:
    assert pairs(body) == expected


@pytest.mark.parametrize(
    ("body", "chip", "count"),
    [
        ("We pre-train on a v3-256 pod for four days.", "tpu-v3", 128),
        ("Pretraining used a v4-128 slice.", "tpu-v4", 64),
        ("The small models train on a v2-32 TPU slice.", "tpu-v2", 16),
    ],
)
def test_a_bare_pod_slice_name_counts_chips(body: str, chip: str, count: int) -> None:
    assert pairs(body) == [(chip, count)]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("We trained on a single DGX A100 node.", 8),
        ("Training ran on two DGX H100 servers.", 16),
    ],
)
def test_counted_dgx_hosts_hold_eight_gpus_each(body: str, count: int) -> None:
    assert [c for _, c in pairs(body)] == [count]


def test_a_bare_dgx_name_counts_nothing() -> None:
    assert pairs("We ran our experiments on NVIDIA DGX V100 and TITAN V GPUs.")[0] == ("v100", None)


@pytest.mark.parametrize(
    "body",
    [
        "We time the forward pass on one V100 GPU.",
        "We measure the speed of decoding on a single A100.",
        "The speed test was run on a single RTX 3090 GPU.",
    ],
)
def test_hardware_that_only_timed_the_methods_is_other(body: str) -> None:
    out = values(extract_hardware(body_doc("We train on 8 A100 GPUs. " + body), resources()), "hardware")
    scopes = [v.scope for v in out if isinstance(v, Hardware)]
    assert scopes[0] == "main"
    assert scopes[1:] == ["other"]


@pytest.mark.parametrize(
    "body",
    [
        "Our detector runs at a frame rate of 7fps on a single GPU.",
        "Inference latency is reported for a batch of one on an NVIDIA T4.",
        "In the table we also report the speed of each method. We run the test on a single RTX 2080 Ti.",
    ],
)
def test_hardware_that_only_timed_a_method_is_no_set_up(body: str) -> None:
    assert setup_of(body) is None


def test_a_paper_whose_experiments_are_inference_has_its_inference_hardware_as_set_up() -> None:
    body = (
        "We prompt the frozen language model with chains of thought. "
        "For inference on the 540B model we use TPU v4 (4x4x12 configuration, 192 chips)."
    )
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("tpu-v4", 192)


def test_inference_hardware_beside_training_hardware_is_not_the_set_up() -> None:
    body = (
        "All models are trained on 8 V100 GPUs for three days. "
        "For inference we use a single NVIDIA T4 at batch size 64."
    )
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 8)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("We trained on a varying number of TITAN X (Pascal) GPUs (three to six), as available.", 6),
        ("Each model is trained on V100 GPUs (between 2 and 8) for a week.", 8),
    ],
)
def test_a_range_in_a_note_after_the_chip_counts_its_maximum(body: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert setup.count == count


def test_bare_slice_names_in_a_sentence_about_tpus_count_their_chips() -> None:
    body = "Depending on model size we use Cloud TPU slices ranging from v3-8 to v3-128 for pre-training."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("tpu-v3", 64)


def test_a_slice_like_name_in_a_sentence_without_tpus_is_no_hardware() -> None:
    assert pairs("We compare against ResNet v2-50 and report results for MobileNet v3-8.") == []


@pytest.mark.parametrize(
    ("body", "chip", "count"),
    [
        ("We trained on an AWS p3.16xlarge instance for 40 hours.", "v100", 8),
        ("Models were trained with Amazon SageMaker on ml.p3.2xlarge instances.", "v100", 1),
        ("Training used a cluster of 8 p5.48xlarge instances.", "h100", 64),
        ("All runs used one Standard_ND96asr_v4 virtual machine on Azure.", "a100", 8),
        ("All training ran on a2-highgpu-8g VMs; the largest job used two of them.", "a100", 16),
    ],
)
def test_a_cloud_instance_type_stands_for_the_accelerators_it_holds(body: str, chip: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == (chip, count)


def test_an_instance_whose_gpus_the_sentence_names_is_counted_once() -> None:
    found = pairs("We trained on a p4d.24xlarge instance, using only 4 A100 GPUs.")
    assert found == [("a100", 4)]


def test_every_cloud_instance_names_a_chip_of_the_chip_table() -> None:
    from extract.hardware_cloud import instances

    table = instances()
    assert len(table.by_name) >= 50
    assert {i.chip for i in table.by_name.values()} <= set(resources().chips)


@pytest.mark.parametrize(
    ("body", "chip", "count"),
    [
        ("We pre-train on a 4x4x4 TPU v4 slice with JAX.", "tpu-v4", 64),
        ("We ran all experiments on a TPU v4 pod slice with 32 TensorCores.", "tpu-v4", 16),
        ("The largest model was trained on a full TPUv3 pod (2,048 cores) for 9 days.", "tpu-v3", 1024),
        ("All experiments were run on 8 Cloud TPU v2 devices (each a v2-8 board).", "tpu-v2", 32),
    ],
)
def test_tpu_topologies_and_core_notes_count_chips(body: str, chip: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == (chip, count)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Pre-training: we train on 16 nodes × 8 H100 GPUs.", 128),
        ("Policy training: 8×A100 80GB × 2 nodes.", 16),
        ("Training used 32 A100 accelerators across four servers (8 per server).", 32),
    ],
)
def test_nodes_times_chips_in_either_order_and_totals_stay_totals(body: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert setup.count == count


def test_hardware_a_model_could_be_fine_tuned_on_is_hypothetical() -> None:
    body = "Our method reduces memory so that a 7B model could be fine-tuned on a single RTX 4090."
    assert setup_of(body) is None


def test_gpu_years_are_no_count_of_gpus() -> None:
    assert all(count != 4 for _, count in pairs("The whole study consumed roughly 4 GPU-\nyears of compute."))


def test_a_pair_of_gpus_is_two() -> None:
    assert pairs("We used a pair of GPUs for all experiments.") == [("gpu", 2)]


def test_a_count_column_under_a_caption_naming_the_chip_gives_each_rows_set_up() -> None:
    body = (
        "Table 4: Training cost. GPU hours are A100-80GB hours.\n"
        "Model GPUs GPU hours Tokens\n"
        "Ours-1B 32 2,900 100B\n"
        "Ours-7B 256 34,000 200B\n"
    )
    assert sorted(pairs(body)) == [("a100", 32), ("a100", 256)]
    setup = setup_of(body)
    assert setup is not None
    assert setup.count == 256


def test_a_cores_column_counts_tpu_chips_and_a_cited_row_is_not_ours() -> None:
    body = (
        "Table 4: Training cost. Cores refer to TPU v3 cores.\n"
        "Model | Cores | Steps | Hours\n"
        "T5-Base (reported by Raffel et al., 2020) | 256 | 1M | 30\n"
        "Ours-Base | 64 | 500k | 31\n"
        "Ours-Large | 128 | 500k | 58\n"
    )
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("tpu-v3", 64)


def test_nodes_and_gpus_per_node_columns_multiply() -> None:
    body = (
        "Table 2: Cluster configuration used in our experiments.\n"
        "Node type Count GPUs per node GPU model Interconnect\n"
        "Train 4 8 H100 SXM NVLink/IB\n"
        "Eval 2 4 L40S PCIe\n"
    )
    assert ("h100", 32) in pairs(body)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Task Hardware Batch Time/epoch\nSST-2 1× RTX A6000 32 4 min\nMNLI 2× RTX A6000 64 41 min\n", 2),
        (
            (
                "Table 9: Hardware.\nExperiment Hardware #Devices Wall-clock\n"
                "Pre-training (Sec. 4) TPU v4 256 12 days\nProbing (Sec. 6) RTX 2080 Ti 1 20 min\n"
            ),
            256,
        ),
    ],
)
def test_a_multiplier_or_device_column_in_a_row_is_the_count(body: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert setup.count == count


def test_slice_names_in_rows_under_a_tpu_header_count_chips() -> None:
    body = (
        "Table 5: Resources used for training.\n"
        "Size Layers d_model TPUv3 slice Training days\n"
        "60M 8 512 v3-8 0.7\n"
        "770M 24 1024 v3-128 3.2\n"
    )
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("tpu-v3", 64)


def test_a_count_of_unnamed_gpus_goes_to_the_one_model_its_sentence_names() -> None:
    body = "Training uses no more than eight GPUs (NVIDIA A6000, 48 GB); most ablations run on a single card."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("rtx-a6000", 8)


@pytest.mark.parametrize(
    ("body", "chip", "count"),
    [
        (
            (
                "Our cluster consists of 64 compute nodes with 4 V100 GPUs per node; however, all experiments "
                "in this paper use at most two nodes (8 GPUs) at a time."
            ),
            "v100",
            8,
        ),
        (
            (
                "Pre-training was done on 4 A100s. The ablations were run on a larger cluster of 32 V100s to "
                "parallelise the sweep (each run used 4 V100s)."
            ),
            "a100",
            4,
        ),
    ],
)
def test_what_a_cluster_holds_is_not_what_a_run_used(body: str, chip: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == (chip, count)


def test_a_per_run_note_after_the_chip_is_its_count() -> None:
    setup = setup_of(
        "All accuracy experiments were trained on the cluster using V100 32GB GPUs (one per run)."
    )
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 1)


def test_hardware_of_numbers_taken_from_their_papers_is_another_works() -> None:
    body = (
        "Baseline numbers are taken from their papers (trained on 64 V100s for FooCLR). "
        "Our runs use 16 A100 GPUs."
    )
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("a100", 16)


def test_what_each_machine_holds_times_the_machines_the_next_sentence_used() -> None:
    body = "Each worker machine has 2 AMD EPYC 7742 CPUs and 8 NVIDIA A100 GPUs. Our main runs use 6 worker machines."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("a100", 48)


def test_rlhf_stages_are_training_and_the_largest_is_the_set_up() -> None:
    body = "Reward model training: 8×A100 40GB. Policy optimisation (PPO): 8×A100 80GB × 2 nodes."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("a100", 16)


FILLER = " ".join(["The loss is scaled before the backward pass and unscaled before the update."] * 5)


def test_the_one_gpu_model_a_paper_names_takes_its_unnamed_count() -> None:
    body = f"Mixed precision experiments were conducted on Volta V100 GPUs. {FILLER} Batch size aggregated over 4 GPUs is 1024."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 4)


def test_an_unnamed_count_goes_to_no_model_when_the_paper_trains_on_two() -> None:
    body = f"We trained the baselines on V100 GPUs and our model on TITAN X GPUs. {FILLER} We use 4 GPUs."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", None)


@pytest.mark.parametrize(
    ("body", "chip", "count"),
    [
        ("All models were trained on 32 Huawei Ascend 910 NPUs for five days.", "ascend-910", 32),
        ("We pre-train on 64 Ascend 910B accelerators.", "ascend-910b", 64),
        ("Training used 16 Cambricon MLU370-X8 cards.", "mlu370-x8", 16),
        ("We train on 16 AWS Trainium chips.", "trainium1", 16),
        ("We used 8 Habana Gaudi2 accelerators.", "gaudi2", 8),
    ],
)
def test_accelerators_of_other_vendors_are_counted_with_their_peak(body: str, chip: str, count: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == (chip, count)
    assert (setup.peak_flops_tensor or 0) > 0


@pytest.mark.parametrize(
    "row", ["A100-40GB 8 10 h", "A100 (80GB) 8 2 days", "A100-SXM4-80GB 8 3 days", "A100 40GB 8 10 h"]
)
def test_a_count_cell_after_the_chips_memory_or_form_factor_is_read(row: str) -> None:
    body = (
        "Table 9: Hardware per experiment.\nExperiment Hardware #Devices Wall-clock\n"
        f"Pre-training (Sec. 4) TPU v4 256 12 days\nFine-tuning (Sec. 5) {row}\nProbing (Sec. 6) RTX 2080 Ti 1 20 min\n"
    )
    assert ("a100", 8) in pairs(body)


def test_a_line_of_prose_naming_tpus_is_no_count_columns_header() -> None:
    body = (
        "Compute resources. The total budget was roughly 9 TPU-v3 core-days. Unless stated, each\n"
        "model is trained on a TPU v3 pod slice with 32 cores, while the scaling experiments of\n"
        "Sec. 6 go up to 512 cores.\n"
    )
    assert ("tpu-v3", 512) not in pairs(body)
    assert ("tpu-v3", 16) in pairs(body)


@pytest.mark.parametrize(
    "body",
    [
        "The total budget was roughly 3.5 × 10^4 V100 GPU-hours.",
        "The total budget for the paper was roughly 3.5 × 10^4 TPU-v3 core-hours.",
        "All runs took 2 × 10^3 A100 hours.",
    ],
)
def test_an_exponent_or_accelerator_hours_are_no_count_of_chips(body: str) -> None:
    assert all(count is None for _, count in pairs(body))


@pytest.mark.parametrize(
    ("body", "largest"),
    [
        ("We train on 8 V100 GPUs (16 for the large model).", 16),
        ("Our runs use 16 A100 GPUs, except for the 800-epoch schedule, which used 32.", 32),
        ("We use 4 A100 GPUs for all runs but the largest, which needs 8.", 8),
    ],
)
def test_a_second_count_of_the_same_chip_with_its_name_left_out_is_a_set_up(body: str, largest: int) -> None:
    setup = setup_of(body)
    assert setup is not None
    assert setup.count == largest


@pytest.mark.parametrize(
    "body",
    [
        "We train on 8 V100 GPUs, but the baseline used 4 more epochs.",
        "We train on 8 V100 GPUs (see Section 4).",
        "We train on 8 V100 GPUs, but their original implementation used 64.",
    ],
)
def test_no_elided_count_from_other_numbers_or_other_works(body: str) -> None:
    assert pairs(body) == [("v100", 8)]


def test_the_original_papers_hardware_is_another_works() -> None:
    body = "We train on 8 V100 GPUs. The original T5 paper trained its 11B model on 1024 TPU v3 chips."
    setup = setup_of(body)
    assert setup is not None
    assert setup.chip == "v100"


def test_up_to_n_cores_later_in_the_sentence_counts_chips_of_the_tpu_named_before() -> None:
    body = "Each model is trained on a TPU v3 pod slice with 32 cores, while the scaling runs go up to 512 cores."
    assert ("tpu-v3", 256) in pairs(body)
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("tpu-v3", 256)
    # cores of a GPU's sentence are no GPUs
    assert pairs("We train on 8 V100 GPUs, with data loading on up to 64 cores.") == [("v100", 8)]


# --- classes from hardware round 4 (dev passages), each on wording of its own ---


def largest(body: str) -> tuple[str, int | None]:
    """The set-up's (chip, count); fails when there is none."""
    pair = setup_pair(body)
    assert pair is not None, f"no set-up in {body!r}"
    return pair


def test_a_bare_slice_name_later_in_a_sentence_about_a_named_tpu_is_its_own_set_up() -> None:
    body = "Small models use TPU v4-16 slices and XL a v4-512 slice."
    assert ("tpu-v4", 256) in pairs(body)
    assert largest(body) == ("tpu-v4", 256)


def test_a_slice_name_noted_right_after_its_tpu_is_not_counted_twice() -> None:
    assert pairs("Pre-training runs on a TPU v3 pod slice (v3-64) for four days.") == [("tpu-v3", 32)]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Models are trained on TPU v3 pods with 32-256 cores depending on their size.", 128),
        ("We use TPUv2 slices of 8 to 64 cores.", 32),
    ],
)
def test_a_range_of_cores_after_a_tpu_takes_its_maximum_in_chips(body: str, count: int) -> None:
    assert largest(body)[1] == count


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (
            "Each run used a single server with four A6000 GPUs; the large model needed three such servers.",
            12,
        ),
        ("Fine-tuning used one node with 8 H100s, and pre-training used 16 such nodes.", 128),
    ],
)
def test_n_such_nodes_multiply_the_chips_of_the_one_node_named_before(body: str, count: int) -> None:
    assert largest(body)[1] == count


def test_such_nodes_do_not_multiply_a_count_that_is_already_of_several_nodes() -> None:
    body = "We train on two nodes with 8 V100s each; ablations use two such nodes as well."
    assert all(count in (16, None) for _, count in pairs(body))


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Training ran on 2 Azure virtual machines (Standard_ND96asr_v4) for a week.", 16),
        ("We rent three AWS instances (p3.16xlarge) for the sweep.", 24),
    ],
)
def test_instances_counted_before_their_type_in_parentheses_multiply_its_chips(body: str, count: int) -> None:
    assert largest(body)[1] == count


def test_a_superpod_the_organisation_runs_is_inventory_not_the_run() -> None:
    body = "The lab runs a SuperPOD of 20 DGX H100 systems, yet every model here was trained on one DGX H100 (8 GPUs)."
    assert largest(body) == ("h100", 8)


@pytest.mark.parametrize(
    "body",
    [
        "PaLM is reportedly trained on 6,144 TPU v4 chips; we only query it through an API.",
        "Frontier models are said to have been trained on over 10,000 H100 GPUs.",
    ],
)
def test_hearsay_about_another_models_hardware_is_another_works(body: str) -> None:
    assert setup_of(body) is None


@pytest.mark.parametrize(
    "body",
    [
        "The kernel maps well onto current accelerators such as A100 or MI250 GPUs.",
        "This makes the method attractive for modern hardware like TPU v4.",
    ],
)
def test_examples_of_a_class_of_hardware_are_a_generic_remark(body: str) -> None:
    assert setup_of(body) is None


def test_a_two_word_tpu_cores_column_counts_cores() -> None:
    body = (
        "Table 4: Training set-ups. All runs use TPU v4.\n"
        "Model Depth Width TPU cores Steps\n"
        "S 8 512 16 200k\n"
        "L 32 2048 128 400k\n"
    )
    assert largest(body) == ("tpu-v4", 64)


def test_a_named_tpu_row_under_a_cores_header_counts_chips() -> None:
    body = (
        "Table 2: Cost of our runs.\n"
        "Run Accelerator TPU cores Days\n"
        "Ours-small TPU v3 64 1.5\n"
        "Ours-big TPU v3 512 4.0\n"
    )
    assert largest(body) == ("tpu-v3", 256)


def test_a_use_in_the_mentions_own_part_of_the_sentence_outweighs_a_timing_cue_in_another() -> None:
    body = (
        "We fit no model. Every evaluation was carried out on four A6000 GPUs; "
        "latency in Table 3 was measured on one H100."
    )
    assert largest(body) == ("rtx-a6000", 4)


def test_a_timing_cue_in_the_mentions_own_part_still_makes_it_other() -> None:
    body = "Throughput is reported at batch size 64 using 8 A100 GPUs; see Table 5."
    assert setup_of(body) is None


@pytest.mark.parametrize(
    ("body", "chip"),
    [
        ("Every model is trained on 64 TPU v3.", "tpu-v3"),
        ("Pre-training uses TPUv4.", "tpu-v4"),
        ("We fine-tune on 8 TPU v2, as in Table 2.", "tpu-v2"),
    ],
)
def test_a_tpu_generation_at_the_end_of_a_sentence_keeps_its_generation(body: str, chip: str) -> None:
    assert largest(body)[0] == chip


def test_a_tpu_version_with_a_decimal_is_no_generation() -> None:
    assert all(c != "tpu-v3" for c, _ in pairs("We train on TPU v3.5 chips."))


def test_a_plural_titan_keeps_its_model() -> None:
    assert largest("The networks were trained on four Titan Xs.") == ("titan-x", 4)


def test_the_number_in_a_named_chip_is_no_count_of_its_class_word() -> None:
    assert pairs("Training ran on 8 Ascend 910 GPUs for two days.") == [("ascend-910", 8)]


def test_the_digits_of_a_chips_name_are_no_count_of_nodes() -> None:
    assert largest("We train with 4 RTX 4090 GPUs per node on 2 nodes.") == ("rtx-4090", 8)


def test_a_total_in_parentheses_without_a_class_word_is_the_count() -> None:
    assert largest("The model is trained on A100 GPUs (32 in total) for 3 days.") == ("a100", 32)


def test_2048_before_a_chip_is_a_count_not_a_year() -> None:
    assert largest("We trained on 2048 TPU v3 cores, i.e., a full pod.") == ("tpu-v3", 1024)


def test_a_capitalised_pod_with_its_cores_counts_chips() -> None:
    assert largest("We train on a TPU v2 Pod with 512 cores.") == ("tpu-v2", 256)


# --- guards from the review of hardware 0.21-0.24: each was right before and must stay right ---


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Following the setting of prior works, all models are trained on 8 V100 GPUs for 90 epochs.",
            ("v100", 8),
        ),
        ("Different from previous methods, the model is trained on a single RTX 3090 GPU.", ("rtx-3090", 1)),
        ("All experiments were run on high-end GPUs such as 8 NVIDIA A100 (80GB) cards.", ("a100", 8)),
        ("We train on 8×A100 × 2 nodes.", ("a100", 16)),
        ("Hardware: 8 V100 x 4 machines.", ("v100", 32)),
        ("We train on 4 nodes, each a machine with 8 V100 GPUs.", ("v100", 32)),
        ("The model was trained on 2 nodes of a DGX machine with 8 A100 GPUs each.", ("a100", 16)),
        ("We train on 8 V100 GPUs (2 total runs per seed).", ("v100", 8)),
        ("We train on 4 V100 GPUs (96 total GPU hours).", ("v100", 4)),
        ("Experiments run for 10 hours on AWS instances (p3.16xlarge).", ("v100", 8)),
        ("We ran 100 trials on spot instances (p3.2xlarge) in total.", ("v100", 1)),
        (
            "Table 2: Runs.\nModel TPUs Cores Steps\nS TPU v3 8 16 100k\nL TPU v3 64 128 200k\n",
            ("tpu-v3", 64),
        ),
        (
            "Table 2: Our runs.\nRun Accelerator Chips CPU cores Days\nA TPU v3 64 48 1.5\nB TPU v3 512 96 4.0\n",
            ("tpu-v3", 512),
        ),
    ],
)
def test_review_guards_keep_the_set_up(body: str, expected: tuple[str, int]) -> None:
    assert setup_pair(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "The inference latency of one run is 35 ms, using an NVIDIA T4 GPU.",
        "Inference speed is reported in Table 3; all numbers were obtained using a single V100 GPU.",
    ],
)
def test_review_guards_keep_timing_hardware_other(body: str) -> None:
    assert setup_pair(body) is None


def test_a_zero_in_a_count_column_is_no_count() -> None:
    body = "Table 3: All runs use A100 GPUs.\nModel GPUs Steps\nsmall 0 100k\nlarge 8 200k\n"
    assert ("a100", 0) not in pairs(body)
    assert largest(body) == ("a100", 8)
