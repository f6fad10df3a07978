"""Task progress (任务进展) and milestones (时间表): ``periods.py`` (pure: reporting periods
and value calendars) → ``service.py`` (task state, milestones) → ``api.py``, ``cli.py``."""
