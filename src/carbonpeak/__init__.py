"""carbonpeak: run a city's carbon-peak implementation plan (碳达峰实施方案) as data."""

__version__ = "0.1.0"
