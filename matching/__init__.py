"""Probabilistic linkage of the five program rosters into one person index (Splink 5)."""
