"""Reconciliation (pure): a published figure against a derived one — the city against the sum
of its districts, CEADs city against the county sum, product outputs against activity data —
shown side by side with the difference, never averaged. ``compare`` holds the rules."""

from carbonpeak.statistics.reconcile.compare import Pair, district_pairs, pairs

__all__ = ["Pair", "district_pairs", "pairs"]
