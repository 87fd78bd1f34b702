"""Synthetic program extracts with known truth, for tests, demos and benchmarks."""

from crosswalk.synth.generate import GenerationConfig, generate_extracts

__all__ = ["GenerationConfig", "generate_extracts"]
