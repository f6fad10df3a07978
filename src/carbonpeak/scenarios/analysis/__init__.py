"""Analyses of a projection: peak (达峰), target checks (目标校核), Monte Carlo (蒙特卡洛) and
lever wedges (减排楔形)."""
