"""Target statuses (目标进展): ``rules.py`` (pure: the rules, ``tracking/data/status_default.yaml``)
→ ``status.py`` (pure: the status of one target, explained) → ``service.py`` (statuses of a
plan's targets from the database, manual overrides) → ``api.py``, ``cli.py``."""
