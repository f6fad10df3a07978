"""Indicators (指标) of a plan and the links of its targets to them: ``catalog.py`` (pure: what
an indicator controls, which ones the accounting engine computes, unit conversion) →
``service.py`` (indicators, target links, sync with the plan) → ``api.py``, ``cli.py``."""
