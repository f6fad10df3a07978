"""The LEAP-style projection (情景预测) of one scenario: the base year (基准年) from an inventory,
its calibration, and the steps demand → power & heat → fugitive → totals, with every factor
taken from the inventory engine."""
