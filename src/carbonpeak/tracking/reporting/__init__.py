"""Progress reports (进展报告): ``service.py`` (reporting periods, reports, reviews,
contributions of co-operating units, what each unit still owes) → ``api.py``, ``cli.py``."""
