"""Illustrative tracking data for the demo (示例数据，虚构): ``series.py`` (pure: the invented
value series) → ``service.py`` (loads it into the database) → ``cli.py``."""
