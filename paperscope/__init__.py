"""paperscope: ML proceedings to verified, evidence-backed data on who does compute-heavy research."""

__version__ = "0.1.0"
