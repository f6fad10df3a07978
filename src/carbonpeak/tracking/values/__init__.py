"""Indicator values (数值), a time series of versions: ``parse.py`` (pure: the CSV import
format) → ``service.py`` (current values, history, add, correct, import) → ``api.py``,
``cli.py``."""
