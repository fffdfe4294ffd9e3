"""The demo's twelve papers: realistic header, hardware, BERT and code content, and the known answers.

The papers are invented; the organisations, chips and phrasing follow what NeurIPS papers print.
Each ``DemoPaper`` says what a correct pipeline must find (``expect_*``), so the demo can show
its own accuracy next to the report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoAuthor:
    """An author as printed: name, affiliation marker numbers, email."""

    name: str
    marks: tuple[int, ...]
    email: str


@dataclass(frozen=True, slots=True)
class DemoPaper:
    """One demo paper and the answers a correct pipeline gives for it."""

    hash: str
    title: str
    authors: tuple[DemoAuthor, ...]
    affiliations: tuple[str, ...]
    abstract: str
    experiments: str
    code_sentence: str
    code_url: str | None
    bert_sentence: str
    references: tuple[str, ...]
    compute_answer: str
    track: str = "main"
    expect_chip: str | None = None
    expect_count: int | None = None
    expect_bert_role: str = "none"
    expect_released: bool = False
    expect_org_types: tuple[str, ...] = ()
    expect_topic: str = "other"


_DEVLIN = "J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova. BERT: Pre-training of deep bidirectional transformers for language understanding. In NAACL, 2019."
_HE = "K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. In CVPR, 2016."
_KINGMA = "D. P. Kingma and J. Ba. Adam: A method for stochastic optimization. In ICLR, 2015."
_VASWANI = "A. Vaswani, N. Shazeer, N. Parmar, et al. Attention is all you need. In NeurIPS, 2017."
_SCHULMAN = "J. Schulman, F. Wolski, P. Dhariwal, A. Radford, and O. Klimov. Proximal policy optimization algorithms. arXiv:1707.06347, 2017."
_ZHANG = "T. Zhang, V. Kishore, F. Wu, K. Q. Weinberger, and Y. Artzi. BERTScore: Evaluating text generation with BERT. In ICLR, 2020."


def _h(n: int) -> str:
    return f"{n:032x}"


DEMO_PAPERS: tuple[DemoPaper, ...] = (
    DemoPaper(
        hash=_h(0xA1),
        title="Probing Syntactic Heads in Pre-trained Transformers",
        authors=(
            DemoAuthor("Maria Santos", (1,), "msantos@cs.stanford.edu"),
            DemoAuthor("Kenji Watanabe", (1,), "kwatanabe@cs.stanford.edu"),
        ),
        affiliations=("Stanford University",),
        abstract="We study how BERT encodes syntax. Probing every attention head of BERT and RoBERTa, we find "
        "that a handful of heads track dependency arcs and that fine-tuning erases them.",
        experiments="We analyse the attention heads of BERT-base and RoBERTa-large. All probes were trained on "
        "a single NVIDIA RTX 3090 GPU in under two hours.",
        code_sentence="Code and probes are available at https://github.com/msantos/syntax-heads.",
        code_url="https://github.com/msantos/syntax-heads",
        bert_sentence="Our analysis follows the BERTology literature and extends it to RoBERTa.",
        references=(_DEVLIN, _VASWANI),
        compute_answer="[Yes] See Section 4.",
        expect_chip="RTX 3090",
        expect_count=1,
        expect_bert_role="studies",
        expect_released=True,
        expect_org_types=("academic", "academic"),
        expect_topic="nlp_speech",
    ),
    DemoPaper(
        hash=_h(0xA2),
        title="Scaling Vision Transformers with Sparse Mixtures",
        authors=(
            DemoAuthor("Lucas Becker", (1,), "lbecker@google.com"),
            DemoAuthor("Priya Raman", (1,), "praman@google.com"),
            DemoAuthor("Tom Okafor", (2,), "tokafor@ethz.ch"),
        ),
        affiliations=("Google Research, Brain Team", "ETH Zurich"),
        abstract="We train sparse mixture-of-experts vision transformers for image classification on "
        "ImageNet and JFT and show that they match dense models at a third of the inference cost.",
        experiments="All models are trained on a TPU v3-128 pod slice (64 chips) for 300 epochs; ablations use "
        "TPU v3-8 slices.",
        code_sentence="Code and checkpoints: https://github.com/google-research/sparse-vit.",
        code_url="https://github.com/google-research/sparse-vit",
        bert_sentence="",
        references=(_HE, _VASWANI),
        compute_answer="[Yes] See Section 4 and Appendix B.",
        expect_chip="TPU v3",
        expect_count=64,
        expect_released=True,
        expect_org_types=("industry", "industry", "academic"),
        expect_topic="vision",
    ),
    DemoPaper(
        hash=_h(0xA3),
        title="Distilling Retrieval into Small Language Models",
        authors=(
            DemoAuthor("Chen Wei", (1,), "chenwei@tsinghua.edu.cn"),
            DemoAuthor("Li Na", (2,), "lina@microsoft.com"),
        ),
        affiliations=("Tsinghua University", "Microsoft Research Asia"),
        abstract="We distil a retrieval-augmented teacher into DistilBERT and BERT students for open-domain "
        "question answering and keep 95% of the teacher's accuracy.",
        experiments="We fine-tune BERT-base and DistilBERT students with Adam. Training takes 20 hours on "
        "8 NVIDIA V100 GPUs with 32GB of memory.",
        code_sentence="Our code will be released upon publication.",
        code_url=None,
        bert_sentence="Students are initialised from the public DistilBERT checkpoint.",
        references=(_DEVLIN, _KINGMA),
        compute_answer="[Yes] Section 5.",
        expect_chip="V100",
        expect_count=8,
        expect_bert_role="uses",
        expect_released=False,
        expect_org_types=("academic", "industry"),
        expect_topic="nlp_speech",
    ),
    DemoPaper(
        hash=_h(0xA4),
        title="Conservative Policy Updates for Offline Reinforcement Learning",
        authors=(
            DemoAuthor("Sara Lindqvist", (1,), "sara.lindqvist@kth.se"),
            DemoAuthor("Oliver Grant", (1,), "ogrant@kth.se"),
        ),
        affiliations=("KTH Royal Institute of Technology",),
        abstract="We propose a conservative policy update for offline reinforcement learning with a provable "
        "improvement guarantee and evaluate it on D4RL locomotion tasks.",
        experiments="Each run uses one GeForce GTX 1080 Ti GPU and four CPU cores; we report the mean of five "
        "seeds.",
        code_sentence="Our implementation builds on the public PPO code at https://github.com/openai/baselines.",
        code_url=None,
        bert_sentence="",
        references=(_SCHULMAN, _KINGMA),
        compute_answer="[Yes] Section 6.",
        expect_chip="GTX 1080 Ti",
        expect_count=1,
        expect_released=False,
        expect_org_types=("academic", "academic"),
        expect_topic="other",
    ),
    DemoPaper(
        hash=_h(0xA5),
        title="Large-Batch Contrastive Pre-training for Speech Recognition",
        authors=(
            DemoAuthor("Ana Costa", (1,), "anacosta@meta.com"),
            DemoAuthor("David Kim", (1,), "dkim@meta.com"),
            DemoAuthor("Yusuf Demir", (2,), "ydemir@cmu.edu"),
        ),
        affiliations=("Meta AI (FAIR)", "Carnegie Mellon University"),
        abstract="We pre-train speech encoders contrastively with batches of 64k utterances and reduce word "
        "error rate on LibriSpeech by 12% relative.",
        experiments="Pre-training runs on two nodes with 8 NVIDIA A100 GPUs each (80GB) for five days.",
        code_sentence="Code is available at https://github.com/facebookresearch/lbc-speech.",
        code_url="https://github.com/facebookresearch/lbc-speech",
        bert_sentence="Unlike BERT-style masked prediction, our objective is contrastive.",
        references=(_DEVLIN, _VASWANI),
        compute_answer="[Yes] Section 4.",
        expect_chip="A100",
        expect_count=16,
        expect_bert_role="cites_only",
        expect_released=True,
        expect_org_types=("industry", "industry", "academic"),
        expect_topic="nlp_speech",
    ),
    DemoPaper(
        hash=_h(0xA6),
        title="A Kernel View of Implicit Regularisation",
        authors=(DemoAuthor("Hannah Weber", (1,), "hweber@uni-tuebingen.de"),),
        affiliations=("University of Tübingen",),
        abstract="We show that gradient descent on wide two-layer networks is implicitly regularised towards "
        "minimum-norm interpolants in a data-dependent kernel.",
        experiments="Our experiments are small and run on a laptop CPU in minutes.",
        code_sentence="",
        code_url=None,
        bert_sentence="",
        references=(_KINGMA,),
        compute_answer="[N/A] The experiments are illustrative and run on a laptop.",
        expect_chip=None,
        expect_count=None,
        expect_org_types=("academic",),
        expect_topic="other",
    ),
    DemoPaper(
        hash=_h(0xA7),
        title="Open-Vocabulary Detection with Caption Supervision",
        authors=(
            DemoAuthor("Jae-won Park", (1,), "jwpark@kaist.ac.kr"),
            DemoAuthor("Emily Zhou", (2,), "ezhou@nvidia.com"),
        ),
        affiliations=("KAIST", "NVIDIA"),
        abstract="We train an open-vocabulary object detector from image captions and improve rare-class AP on "
        "LVIS by 4.1 points.",
        experiments="Detectors are trained for 36 epochs on 16 Tesla V100 GPUs (32GB); the text encoder is a "
        "frozen BERT-base.",
        code_sentence="Code: https://github.com/jwpark/ovd-captions.",
        code_url="https://github.com/jwpark/ovd-captions",
        bert_sentence="Class names are embedded with BERT, following prior open-vocabulary detectors.",
        references=(_DEVLIN, _HE),
        compute_answer="[Yes] Section 4.1.",
        expect_chip="V100",
        expect_count=16,
        expect_bert_role="uses",
        expect_released=True,
        expect_org_types=("academic", "industry"),
        expect_topic="vision",
    ),
    DemoPaper(
        hash=_h(0xA8),
        title="Evaluating Summaries without References",
        authors=(
            DemoAuthor("Rachel Green", (1,), "rgreen@allenai.org"),
            DemoAuthor("Omar Haddad", (2,), "ohaddad@cs.washington.edu"),
        ),
        affiliations=("Allen Institute for AI", "University of Washington"),
        abstract="We propose a reference-free summary metric and show it correlates with human judgements "
        "better than ROUGE and BERTScore.",
        experiments="Metric scores are computed on 4 NVIDIA RTX A6000 GPUs.",
        code_sentence="The metric is available at https://github.com/allenai/refree-eval.",
        code_url="https://github.com/allenai/refree-eval",
        bert_sentence="We compare against BERTScore [2] computed with its default settings.",
        references=(_ZHANG, _VASWANI),
        compute_answer="[Yes] Appendix A.",
        expect_chip="RTX A6000",
        expect_count=4,
        expect_bert_role="cites_only",  # BERT is named only in a reference title (BERTScore ... with BERT)
        expect_released=True,
        expect_org_types=("nonprofit", "academic"),
        expect_topic="nlp_speech",
    ),
    DemoPaper(
        hash=_h(0xA9),
        title="Private Federated Learning at Scale",
        authors=(
            DemoAuthor("Grace Liu", (1,), "gliu@apple.com"),
            DemoAuthor("Marco Rossi", (1,), "mrossi@apple.com"),
        ),
        affiliations=("Apple",),
        abstract="We report a production deployment of differentially private federated learning across "
        "millions of devices.",
        experiments="Simulations run on an internal cluster; we do not report the hardware used.",
        code_sentence="",
        code_url=None,
        bert_sentence="",
        references=(_KINGMA,),
        compute_answer="[No] The compute infrastructure is proprietary.",
        expect_chip=None,
        expect_count=None,
        expect_released=False,
        expect_org_types=("industry", "industry"),
        expect_topic="other",
    ),
    DemoPaper(
        hash=_h(0xAA),
        title="Sign Language Translation with Pose Tokens",
        authors=(
            DemoAuthor("Ikaika Kahale", (1,), "ikahale@ucl.ac.uk"),
            DemoAuthor("Fatima Zahra", (1, 2), "fzahra@ucl.ac.uk"),
        ),
        affiliations=("University College London", "The Alan Turing Institute"),
        abstract="We translate sign language videos into text with pose tokens and a sequence-to-sequence "
        "transformer, improving BLEU on two benchmarks.",
        experiments="Models are trained on 2 NVIDIA A100 GPUs (40GB); the decoder is initialised from "
        "RoBERTa-base.",
        code_sentence="Anonymised code for review: https://anonymous.4open.science/r/pose-tokens-3F2A.",
        code_url="https://anonymous.4open.science/r/pose-tokens-3F2A",
        bert_sentence="The RoBERTa initialisation speeds up convergence threefold.",
        references=(_DEVLIN, _VASWANI),
        compute_answer="[Yes] Section 4.",
        expect_chip="A100",
        expect_count=2,
        expect_bert_role="uses",
        expect_released=False,
        expect_org_types=("academic", "academic"),
        expect_topic="other",  # video to text spans vision and NLP: the study files such papers under other
    ),
    DemoPaper(
        hash=_h(0xAB),
        title="Benchmarking Medical Image Segmentation under Shift",
        authors=(
            DemoAuthor("Nora Fischer", (1,), "nfischer@dkfz.de"),
            DemoAuthor("Ravi Patel", (2,), "rpatel@nih.gov"),
        ),
        affiliations=("German Cancer Research Center", "National Institutes of Health"),
        abstract="We release a benchmark of medical image segmentation under acquisition shift with 14 sites "
        "and 3 modalities.",
        experiments="Baselines were trained on 4 NVIDIA Tesla P100 GPUs.",
        code_sentence="Data and code: https://github.com/nfischer/medshift-bench.",
        code_url="https://github.com/nfischer/medshift-bench",
        bert_sentence="",
        references=(_HE,),
        compute_answer="[Yes] Appendix C.",
        expect_chip="P100",
        expect_count=4,
        expect_released=True,
        expect_org_types=("government", "government"),
        expect_topic="vision",
    ),
    DemoPaper(
        hash=_h(0xAC),
        title="Language Models as Zero-Shot Planners for Robots",
        authors=(
            DemoAuthor("Ben Carter", (1,), "bcarter@deepmind.com"),
            DemoAuthor("Aisha Bello", (2,), "abello@berkeley.edu"),
        ),
        affiliations=("DeepMind", "UC Berkeley"),
        abstract="We use large language models to produce step-by-step plans for robot manipulation and "
        "ground them with affordance estimates.",
        experiments="The planner is fine-tuned on 32 TPU v4 chips; low-level policies are trained on 8 NVIDIA "
        "V100 GPUs.",
        code_sentence="",
        code_url=None,
        bert_sentence="",
        references=(_VASWANI, _SCHULMAN),
        compute_answer="[Yes] Section 5.",
        expect_chip="TPU v4",
        expect_count=32,
        expect_released=False,
        expect_org_types=("industry", "academic"),
        expect_topic="other",
    ),
)
