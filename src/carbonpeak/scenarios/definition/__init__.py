"""Scenario definitions (情景定义): the expression language, the YAML files (inheritance, the
file and line of every key), the checked build of a :class:`~carbonpeak.scenarios.model.Scenario`
and the link to the parsed plan (方案目标)."""
