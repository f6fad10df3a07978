"""Early warnings (预警): ``rules.py`` (pure: which changes and delays deserve a warning) →
``service.py`` (the check: log status changes, raise and resolve warnings) → ``api.py``,
``cli.py``."""
