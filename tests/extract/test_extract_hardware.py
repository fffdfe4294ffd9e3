"""Hardware rules on small constructed documents: chips, counts, memory, scope, set-up, status."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.hardware import VERSION, extract_hardware
from paperscope.records import Hardware, HardwareSetup
from tests.extract.docs import body_doc, make_doc, resources, values


def mentions(body: str, **kw: object) -> list[Hardware]:
    out = values(extract_hardware(body_doc(body, **kw), resources()), "hardware")  # type: ignore[arg-type]
    return [v for v in out if isinstance(v, Hardware)]


def setup_of(body: str, **kw: object) -> HardwareSetup | None:
    out = values(extract_hardware(body_doc(body, **kw), resources()), "hardware_setup")  # type: ignore[arg-type]
    return next((v for v in out if isinstance(v, HardwareSetup)), None)


@pytest.mark.parametrize(
    ("sentence", "chip", "count"),
    [
        ("All models are trained on 8 V100s.", "v100", 8),
        ("We train on 8x V100 GPUs.", "v100", 8),
        ("Training uses an 8xV100 machine.", "v100", 8),
        ("We train each model with V100 x 8 for two days.", "v100", 8),
        ("Training takes 3 hours on a single RTX 3090.", "rtx-3090", 1),
        ("We trained on eight NVIDIA Tesla V100 32GB GPUs.", "v100", 8),
        ("Experiments ran on two nodes with 8 A100s each.", "a100", 16),
        ("We train on 4x8 A100 GPUs.", "a100", 32),
        ("We train on 512 TPU v3 chips.", "tpu-v3", 512),
        ("We train with 64 TPU v3 cores.", "tpu-v3", 32),
        ("Each run trains on a TPU v3-8.", "tpu-v3", 4),
        ("We train on two v3-32 TPUs.", "tpu-v3", 32),
        ("We train and sample on a single TPU-v3 node.", "tpu-v3", 4),
        ("We train on a cloud TPUv3 with 8 cores.", "tpu-v3", 4),
        ("Training used 4 NVIDIA GeForce GTX 1080 Ti GPUs.", "gtx-1080-ti", 4),
        ("Training used 4 NVIDIA Titan X Pascal GPUs.", "titan-x-pascal", 4),
        ("We train on 16 H100 GPUs.", "h100", 16),
    ],
)
def test_chip_and_count(sentence: str, chip: str, count: int) -> None:
    found = mentions(sentence)
    assert [(m.chip, m.count) for m in found] == [(chip, count)]


def test_tpu_v3_8_counts_as_four_chips() -> None:
    assert mentions("We pre-train on a TPU v3-8 pod slice.")[0].count == 4


def test_count_missing_stays_none() -> None:
    found = mentions("We use NVIDIA Tesla V100 for all experiments.")
    assert [(m.chip, m.count) for m in found] == [("v100", None)]


def test_hours_before_a_chip_are_not_a_count() -> None:
    assert mentions("Each model gets a budget of 24 TPUv2 hours of training.")[0].count is None


def test_numbers_of_a_table_row_are_not_a_count() -> None:
    assert mentions("conv1 40 60 80 100 6 TITAN Black speedup")[0].count is None


def test_memory_variant_is_read_either_side() -> None:
    assert mentions("We train on 8 V100 (32GB) GPUs.")[0].memory_gb == 32
    assert mentions("We train on one 16GB V100 GPU.")[0].memory_gb == 16
    assert mentions("Experiments use A100-80GB GPUs for training.")[0].memory_gb == 80


def test_short_names_need_gpu_context() -> None:
    assert mentions("See Table T4 and the A10 row for the training results.") == []
    assert [m.chip for m in mentions("Latency is measured on an NVIDIA T4.")] == ["t4"]
    assert [m.chip for m in mentions("Peak values for K80, K40, M40 and P100 were used.")] == [
        "k80",
        "k40",
        "m40",
        "p100",
    ]


def test_cpus_are_recognised_as_cpus() -> None:
    found = mentions("Our experiments run on a Linux server with two E5-2670 v3 CPUs (in total 24 cores).")
    assert [(m.chip, m.chip_class, m.count) for m in found] == [("cpu", "cpu", 2)]
    one_core = mentions("Latency is measured with batch size 1 on a single core of Intel Xeon CPU E5-2690.")
    assert [(m.chip, m.count) for m in one_core] == [("cpu", 1)]
    cores = mentions("We train with 1x A100 and an allocation of 4 AMD Milan 7413 (2.65GHz) CPU cores.")
    assert [(m.chip, m.count) for m in cores if m.chip == "cpu"] == [("cpu", None)]


def test_scope_main_for_training_other_for_timing() -> None:
    found = mentions(
        "All models are trained on 8 V100 GPUs. Inference latency is measured on a single T4 GPU."
    )
    assert [(m.chip, m.scope) for m in found] == [("v100", "main"), ("t4", "other")]


def test_scope_reads_the_sentence_before() -> None:
    found = mentions(
        "Table 1: Inference latency of one forward pass in milliseconds. We use an NVIDIA Quadro RTX8000."
    )
    assert [(m.chip, m.scope) for m in found] == [("quadro-rtx-8000", "other")]


def test_reference_list_hits_are_skipped() -> None:
    found = mentions("We train a small model.", refs="[3] NVIDIA. Tesla V100 GPU architecture. 2017.")
    assert found == []


def test_acknowledged_donations_are_other() -> None:
    doc = make_doc(
        "A Paper\nAbstract\nText.\n1 Introduction\nWe train models.\nAcknowledgements\n"
        "We thank NVIDIA for donating the Titan X GPU used for this research.\nReferences\n[1] X.\n"
    )
    found = [v for v in values(extract_hardware(doc, resources()), "hardware") if isinstance(v, Hardware)]
    assert [(m.chip, m.scope) for m in found] == [("titan-x", "other")]


@pytest.mark.parametrize(
    ("sentence", "count", "memory"),
    [
        ("We train SwAV with small batches of 256 images on 4 GPUs and compare with MoCo.", 4, None),
        ("Baselines are implemented on a single commodity GPU with 11GB memory.", 1, 11),
        ("Our largest model with RL required approximately 320 GPU-days.", None, None),
        ("The experiments described below were performed on Nvidia GPUs.", None, None),
    ],
)
def test_unnamed_gpus_are_chip_gpu(sentence: str, count: int | None, memory: int | None) -> None:
    found = mentions(sentence)
    assert [(m.chip, m.count, m.memory_gb) for m in found] == [("gpu", count, memory)]


def test_gpu_properties_are_not_devices() -> None:
    assert mentions("Max-pooling runs are skipped due to GPU memory constraints.") == []


def test_unnamed_count_after_a_named_model_is_that_model() -> None:
    found = mentions("We utilize NVIDIA A100 GPUs with 40GB of memory. The 1.3B model required 32 GPUS.")
    assert [(m.chip, m.count, m.memory_gb) for m in found] == [("a100", None, 40), ("a100", 32, 40)]


def test_unnamed_repeat_of_a_named_count_is_dropped() -> None:
    found = mentions(
        "Training on eight GPUs took 3.5 days. " + "Details follow. " * 30 + "We trained on 8 P100 GPUs."
    )
    assert [(m.chip, m.count) for m in found] == [("p100", 8)]


def test_unnamed_count_right_after_a_named_one_repeats_it() -> None:
    found = mentions(
        "We trained on one machine with 8 NVIDIA P100 GPUs. Training on eight GPUs took 3.5 days."
    )
    assert [(m.chip, m.count) for m in found] == [("p100", 8), ("p100", 8)]


def test_setup_is_the_largest_main_setup_with_peak_flops() -> None:
    setup = setup_of("Small runs use 4 V100 GPUs. The large model is trained on 64 V100 GPUs.")
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 64)
    spec = resources().chip("v100")
    assert setup.peak_flops_fp32 == pytest.approx(64 * spec.fp32_flops)  # type: ignore[operator]
    assert setup.peak_flops_tensor == pytest.approx(64 * 125e12)


def test_setup_prefers_training_over_timing_hardware() -> None:
    setup = setup_of("We train on 8 V100 GPUs. Throughput is measured on 16 A100 GPUs.")
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 8)


def test_setup_tensor_policy_falls_back_to_vector_peaks() -> None:
    setup = setup_of("All experiments are trained on 2 GTX 1080 Ti GPUs.")
    assert setup is not None
    spec = resources().chip("gtx-1080-ti")
    assert setup.peak_flops_tensor == pytest.approx(2 * spec.fp32_flops)  # type: ignore[operator]


def test_tpu_has_no_fp32_peak() -> None:
    setup = setup_of("We train on 512 TPU v3 chips.")
    assert setup is not None
    assert setup.peak_flops_fp32 is None
    assert setup.peak_flops_tensor == pytest.approx(512 * 123e12)


def test_checklist_no_gives_not_reported_with_evidence() -> None:
    doc = make_doc(
        "A Paper\nAbstract\nText.\n1 Introduction\nWe study things.\nReferences\n[1] X.\nChecklist\n"
        "1. For all authors...\n(d) Did you include the total amount of compute and the type of resources used "
        "(e.g., type of GPUs, internal cluster, or cloud provider)? [No] Not reported.\n"
    )
    out = values(extract_hardware(doc, resources()), "hardware_setup")
    assert len(out) == 1
    assert isinstance(out[0], HardwareSetup)
    assert out[0].status == "not_reported"
    label = next(lab for lab in extract_hardware(doc, resources()) if lab.value.kind == "hardware_setup")
    assert label.evidence.section == "checklist"
    assert "[No]" in label.evidence.matched


def test_silence_gives_no_label_at_all() -> None:
    assert extract_hardware(body_doc("We prove a theorem about graphs."), resources()) == []


def test_labels_are_sorted_and_deterministic() -> None:
    doc = body_doc("We train on 8 V100 GPUs and 4 TPU v3 chips. Latency on one T4 GPU.")
    first, second = extract_hardware(doc, resources()), extract_hardware(doc, resources())
    assert first == second
    starts = [lab.evidence.start for lab in first]
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert all(lab.producer.tag == f"hardware@{VERSION}" for lab in first)


def test_cited_setup_with_marker_after_trained_is_other() -> None:
    found = mentions("GPT-3 was trained on a cluster of 10,000 V100 GPUs [3]. Our method needs no training.")
    assert [(m.chip, m.count, m.scope) for m in found] == [("v100", 10000, "other")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The original model was trained by Brown et al. on 1,024 V100 GPUs.",
        "AlphaFold was trained on 128 TPU v3 cores.",
    ],
)
def test_foreign_training_sentences_are_other(sentence: str) -> None:
    assert {m.scope for m in mentions(sentence)} == {"other"}


def test_setup_is_never_built_from_a_cited_setup() -> None:
    text = "GPT-3 was trained on a cluster of 10,000 V100 GPUs [3]. Our method needs no training."
    assert setup_of(text) is None


def test_setup_prefers_accelerators_over_a_cpu() -> None:
    text = "For a fair comparison, the baselines ran on an Intel Xeon E5-2680 CPU. Our server has 8 NVIDIA V100 GPUs."
    setup = setup_of(text)
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 8)


def test_cpu_is_the_setup_when_no_accelerator_is_reported() -> None:
    setup = setup_of("All experiments were run on an Intel Xeon E5-2680 CPU.")
    assert setup is not None
    assert setup.chip == "cpu"


def test_a_timing_only_paper_has_no_set_up() -> None:
    # RUBRIC.md: hardware used only to time or benchmark is `other`; the set-up is among `main`
    assert setup_of("Latency is measured on a single NVIDIA T4 GPU.") is None


def test_setup_skips_a_cited_setup_for_the_papers_own() -> None:
    text = "BERT was trained on 64 TPU v3 chips [7]. We fine-tune it on a single NVIDIA T4 GPU."
    setup = setup_of(text)
    assert setup is not None
    assert (setup.chip, setup.count) == ("t4", 1)


def test_trained_by_a_method_is_not_a_foreign_setup() -> None:
    found = mentions("Models are trained by minimising cross-entropy on 8 V100 GPUs.")
    assert [(m.chip, m.count, m.scope) for m in found] == [("v100", 8, "main")]


# -- classes of failure seen on papers the rules were not written on (hardware 0.3.0) --------------


@pytest.mark.parametrize(
    ("sentence", "chip", "count"),
    [
        ("We train each model on a GPU for 9.5 days.", "gpu", 1),  # a count in words before a class name
        ("Each point is expensive to obtain (9.5 days on a GPU).", "gpu", 1),
        ("We train on 8 Cloud TPUs.", "tpu", 8),  # a class named with its count
        ("We used 64 TPUs for pre-training.", "tpu", 64),
        ("We train on one TPU v3 pod slice (v3-32).", "tpu-v3", 16),  # the slice in a note: cores -> chips
        ("We use 4 NVIDIA Titan cards.", "gtx-titan", 4),  # the 2013 TITAN, named bare
        ("Models are trained on p100 GPUs.", "p100", None),  # model numbers written in lower case
        ("Models are trained on k40 GPUs.", "k40", None),
    ],
)
def test_counts_and_names_of_unseen_forms(sentence: str, chip: str, count: int | None) -> None:
    assert [(m.chip, m.count) for m in mentions(sentence)] == [(chip, count)]


def test_bare_titan_needs_gpu_context() -> None:
    assert mentions("Titan is the largest moon of Saturn, and we train on it.") == []


def test_a_rate_per_gpu_is_not_a_device() -> None:
    assert mentions("We use batch sizes ranging from 1 to 8 per GPU.") == []
    assert mentions("The learning rate is 0.1 with 64 images per GPU.") == []


def test_a_bare_tpu_remark_without_a_count_is_not_a_device() -> None:
    assert mentions("Our implementation is very slow on TPUs, so we trained fewer models.") == []


def test_a_setup_credited_to_a_citation_after_it_is_never_the_papers() -> None:
    sentence = (
        "Due to computational limits, we can only train these models on 4 GPUs but are able to outperform "
        "the model that was trained on 32 GPUs (van den Oord et al., 2016b)."
    )
    assert [(m.chip, m.count) for m in mentions(sentence)] == [("gpu", 4), ("gpu", 32)]
    setup = setup_of(sentence)
    assert setup is not None
    assert (setup.chip, setup.count) == ("gpu", 4)


def test_a_citation_after_our_own_setup_keeps_it_ours() -> None:
    setup = setup_of("Following prior work, we train on 8 V100 GPUs (Smith et al., 2020).")
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 8)


@pytest.mark.parametrize(
    "sentence",
    [
        "The full model does not fit on a single 24 GB GPU.",
        "Its activations exceed the memory of common GPUs such as the RTX 2080 Ti.",
    ],
)
def test_hypothetical_hardware_is_other_and_never_the_setup(sentence: str) -> None:
    assert all(m.scope == "other" for m in mentions(sentence))
    assert setup_of(sentence) is None


def test_hypothetical_hardware_beside_the_real_setup() -> None:
    setup = setup_of("The model does not fit on a single 24 GB GPU, so we train it on 8 V100s.")
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 8)


def test_exceeding_a_time_limit_is_not_hypothetical() -> None:
    setup = setup_of("One baseline exceeded the 60h time limit on an NVIDIA A100 GPU system we trained on.")
    assert setup is not None
    assert setup.chip == "a100"


# --- classes from the blind snippet suites (benchmarks/gold/snippets), one constructed case each ---


@pytest.mark.parametrize(
    "body",
    [
        "All experiments ran on a laptop with an Intel Core i7-8550U CPU and 16 GB of RAM.",
        "Every model was fitted on a workstation with an Intel Xeon W-2145 in 20 minutes.",
    ],
)
def test_a_cpu_named_with_an_article_has_no_count(body: str) -> None:
    assert [(m.chip, m.count) for m in mentions(body)] == [("cpu", None)]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("The encoder is trained using 16 TPUv3s (32 cores) with Adafactor.", 16),
        ("We train on a cloud TPUv3 with 8 cores.", 4),
        ("We train on 4 TPU v3-8 slices.", 16),
    ],
)
def test_a_core_note_after_a_printed_chip_count_counts_those_chips(body: str, count: int) -> None:
    assert [(m.chip, m.count) for m in mentions(body)] == [("tpu-v3", count)]


@pytest.mark.parametrize(
    "body",
    [
        "Training such a model from scratch would require roughly 1,000 V100s for a month.",
        "Scaling it up would, by our estimate, demand on the order of 512 TPU v3 chips; we leave this open.",
        "Storing the activations makes it infeasible on consumer cards such as the GTX 1080 Ti (11 GB).",
        "The activations alone would need roughly 300GB, far beyond what a 32GB V100 can hold.",
    ],
)
def test_hardware_named_as_a_what_if_is_never_the_set_up(body: str) -> None:
    assert all(m.scope == "other" for m in mentions(body))
    assert setup_of(body) is None


@pytest.mark.parametrize(
    ("body", "ours"),
    [
        (
            "Following the implementation of [12], which trained on 8 Quadro P6000 GPUs, we train on 2 A100 GPUs.",
            ("a100", 2),
        ),
        (
            "We compare against DDPM [14], whose model took 10 hours on a TPU v3-8, and train on one RTX 3090.",
            ("rtx-3090", 1),
        ),
        (
            "NASNet's search consumed 500 P100 GPUs [45]; our search completes on a single GTX 1080 Ti.",
            ("gtx-1080-ti", 1),
        ),
        (
            "Unlike ViT-H, which required 2.5k TPUv3-core-days to pre-train [9], our model is trained on 8 A100 GPUs.",
            ("a100", 8),
        ),
    ],
)
def test_another_works_set_up_in_a_clause_of_a_first_person_sentence_is_foreign(
    body: str, ours: tuple[str, int]
) -> None:
    found = mentions(body)
    assert [(m.chip, m.count) for m in found if m.scope != "other"] == [ours]
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ours


def test_a_tool_cited_in_a_which_clause_of_our_own_training_keeps_it_ours() -> None:
    body = "We train our models with Adam [44] for 1,000 epochs, which takes 8 hours on a single RTX 3090 GPU using PyTorch [68]."
    assert [(m.chip, m.count, m.scope) for m in mentions(body)] == [("rtx-3090", 1, "main")]


def test_a_speed_up_cue_in_the_next_clause_does_not_make_training_hardware_timing() -> None:
    body = "Training a single ConvNet takes 1 day on a system with 4 NVIDIA Titan cards, which constitutes a 3.2 times speed-up."
    assert [(m.count, m.scope) for m in mentions(body)] == [(4, "main")]


@pytest.mark.parametrize(
    ("table", "pairs", "setup"),
    [
        (
            "Model Accelerator Steps Wall-clock\nT5-Base (ours) TPU v3-32 500k 1.5 days\nT5-Large (ours) TPU v3-128 500k 4 days",
            [("tpu-v3", 16), ("tpu-v3", 64)],
            ("tpu-v3", 64),
        ),
        (
            "Method Hardware Training time\nMoCo v2 [8] 8 V100 53 h\nOurs 4 V100 29 h",
            [("v100", 4)],
            ("v100", 4),
        ),
        (
            "Task GPU Count Mem\nSegmentation RTX 3090 2 24GB\nDetection RTX 3090 4 24GB",
            [("rtx-3090", 2), ("rtx-3090", 4)],
            ("rtx-3090", 4),
        ),
        (
            "Model | Hardware | Cost\nLSTM (ours) | 1 × T4 (Colab) | 0\nTransformer (ours) | 4 × T4 (GCP) | 86",
            [("t4", 1), ("t4", 4)],
            ("t4", 4),
        ),
    ],
)
def test_table_rows_give_counts_from_their_cells_and_ours_from_their_labels(
    table: str, pairs: list[tuple[str, int]], setup: tuple[str, int]
) -> None:
    assert sorted((m.chip, m.count) for m in mentions(table) if m.scope != "other") == pairs
    found = setup_of(table)
    assert found is not None
    assert (found.chip, found.count) == setup


def test_a_short_wrapped_line_of_prose_with_two_numbers_is_not_a_table_row() -> None:
    body = (
        "The base model takes about two days using 64 Nvidia Tesla V100 32GB GPU cards, and the large model\n"
        "takes three days using 128 V100 32GB\nGPU cards."
    )
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("v100", 128)


def test_the_set_up_takes_the_count_printed_elsewhere_for_its_chip() -> None:
    body = "For the ablations we used only compute nodes with NVidia A100 GPUs. One run exceeded its limit on 1x NVidia A100 GPU."
    setup = setup_of(body)
    assert setup is not None
    assert (setup.chip, setup.count) == ("a100", 1)


def test_nodes_every_one_of_which_hosts_chips_multiply() -> None:
    body = "The detector was trained on four servers, every one of which hosts two GeForce RTX 2080 Ti cards."
    assert [(m.chip, m.count) for m in mentions(body)] == [("rtx-2080-ti", 8)]


def test_a_misspelt_or_missing_cue_in_the_lexicon_is_refused(tmp_path: Path) -> None:
    import shutil

    from extract.resources import Resources
    from paperscope.settings import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "hardware", data / "hardware")
    shutil.copytree(DATA_DIR / "lexicons", data / "lexicons")
    cues = data / "lexicons" / "cues.jsonl"
    cues.write_text(cues.read_text().replace('"use": "hardware_main"', '"use": "hardware_mian"'))
    with pytest.raises(ValueError, match=r"missing \['hardware_main'\], unknown \['hardware_mian'\]"):
        Resources.load(data)


def test_tpu_cores_and_hosts_come_from_the_chip_table() -> None:
    spec = resources().chip("tpu-v3")
    assert (spec.cores_per_chip, spec.chips_per_host) == (2, 4)
    assert resources().chip("tpu-v5e").cores_per_chip == 1
    assert resources().chip("v100").cores_per_chip is None


def test_the_hardware_words_file_is_checked_and_drives_counts(tmp_path: Path) -> None:
    from extract.hardware_counts import load_hardware_words
    from paperscope.settings import DATA_DIR

    bad = tmp_path / "hardware_words.json"
    bad.write_text('{"vendors": ["NVIDIA"], "count_words": [], "qualifiers": ["modern"]}')
    with pytest.raises(ValueError, match="non-empty lists"):
        load_hardware_words(bad)
    shipped = load_hardware_words(DATA_DIR / "lexicons" / "hardware_words.json")
    assert "GeForce" in shipped.count_words
    assert "high-end" in shipped.qualifiers
    assert [(m.chip, m.count) for m in mentions("We train on 4 high-end NVIDIA GeForce RTX 3090 GPUs.")] == [
        ("rtx-3090", 4)
    ]


@pytest.mark.parametrize(
    ("body", "pairs"),
    [
        # nodes "of/with" M chips multiply without "each"; a node range takes its maximum
        ("Pre-training ran on 16 nodes of 8xA100 40GB for a week.", [("a100", 128)]),
        ("Jobs are spread over 2 to 6 machines with 4 RTX 3090 cards each.", [("rtx-3090", 24)]),
        # an instance type with digits and dots is a node word's qualifier
        ("We rented 2 p3.8xlarge instances (4 NVIDIA V100 each) for the sweep.", [("v100", 8)]),
        # the per-node cue belongs to the mention's clause; the node count may sit in the clause before
        ("The search used three hosts; each host has two TITAN V cards.", [("titan-v", 6)]),
        ("Distillation used three DGX-2 servers (16 V100 per server); evaluation used one V100 per task.",
         [("v100", 1), ("v100", 48)]),
        # an explicit total wins; a host's chips counted by class in a note
        ("The encoder trained on 64 nodes of 4xA100 (256 GPUs in total).", [("a100", 256)]),
        ("All runs used a single DGX A100 (8 GPUs, 40 GB each).", [("a100", 8)]),
        # "v3 chips" is no count of chips; a slice note names each device's chips
        ("Theirs used 1024 TPU v3 chips, while ours used 64 TPU v3 chips.", [("tpu-v3", 64), ("tpu-v3", 1024)]),
        ("We trained on 4 Cloud TPU v3 devices (each a v3-8 slice).", [("tpu-v3", 16)]),
    ],
)  # fmt: skip
def test_counts_per_node_and_per_host_by_class(body: str, pairs: list[tuple[str, int]]) -> None:
    assert sorted((m.chip, m.count) for m in mentions(body)) == sorted(pairs)


def test_a_slice_name_is_no_node_count() -> None:
    body = "Each sweep ran on TPU v2-8 instances, one per configuration with 3 seeds each."
    assert [(m.chip, m.count) for m in mentions(body)] == [("tpu-v2", 4)]


def test_a_chip_count_credited_by_used_by_and_a_citation_is_another_works() -> None:
    body = "We trained on 16 V100 GPUs; scaling to the 1,024 A100s used by [21] was beyond our means."
    got = {(m.chip, m.count, m.scope) for m in mentions(body)}
    assert ("v100", 16, "main") in got
    assert all(scope == "other" for chip, _, scope in got if chip == "a100")


@pytest.mark.parametrize(
    ("body", "count"),
    [("The runs used 3 compute nodes, each with 4 GPUs (24 GB memory per GPU).", 12),
     ("Every agent is trained on a single-GPU machine for 2 days.", 1),
     ("We train on an 8-GPU server.", 8)],
)  # fmt: skip
def test_unnamed_gpus_count_per_node_and_in_hyphenated_words(body: str, count: int) -> None:
    assert [(m.chip, m.count) for m in mentions(body)] == [("gpu", count)]


def test_a_cited_set_up_in_a_clause_contrasted_with_ours_is_another_works() -> None:
    body = "The largest models in [28] were trained with 512 TPU v3 chips, whereas ours used 32 TPU v3 chips."
    got = {(m.chip, m.count, m.scope) for m in mentions(body)}
    assert got == {("tpu-v3", 512, "other"), ("tpu-v3", 32, "main")}


def test_memory_per_gpu_is_no_rate_and_keeps_the_set_up_ours() -> None:
    body = "The experiments were conducted on 2 compute nodes, each with 4 GPUs (16 GB memory per GPU)."
    assert [(m.chip, m.count, m.scope) for m in mentions(body)] == [("gpu", 8, "main")]


def test_hardware_a_decoder_exceeds_or_another_method_assumes_is_a_what_if() -> None:
    body = ("Its activations exceed those of a 32GB V100, so we train on 8 H100 GPUs. Megatron, which assumes "
            "NVLink between 8 A100s, does not apply.")  # fmt: skip
    got = {(m.chip, m.scope) for m in mentions(body)}
    assert ("v100", "other") in got
    assert ("a100", "other") in got
    assert ("h100", "main") in got


def test_a_timing_only_named_chip_does_not_absorb_the_papers_own_unnamed_count() -> None:
    # "8 GPUs" repeats the count of a named chip, but that chip only timed inference: the training
    # GPUs are the paper's own set-up and stay
    filler = "Table 3 lists the results of every model on every benchmark we consider here. " * 5
    body = f"Throughput is measured on a server with 8 V100 GPUs. {filler}We train all models on 8 GPUs for two days."
    found = [(m.chip, m.count, m.scope) for m in mentions(body)]
    assert found == [("v100", 8, "other"), ("gpu", 8, "main")]
