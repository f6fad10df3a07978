"""Who may edit what in tracking (the units of a task, of an indicator's targets):
``service.py`` (it reads the plan's tasks and targets)."""
