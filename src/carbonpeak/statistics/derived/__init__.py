"""Figures derived from published values (pure): ``prices`` (GDP at constant prices of a stated
base year, chained from published comparable-price growth rates) → ``share`` (how much of a set
of inputs is published and how much illustrative)."""
