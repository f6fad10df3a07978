"""综合评价 the assessment of a project, in reading order: ``reference`` (the data tables with
their sources), ``projectfile`` (a project file → :class:`~carbonpeak.review.model.Project`),
``energy`` (当量值/等价值 and CO2 through the inventory engine), ``classify`` (两高, review
authority, 标杆/基准), ``impact`` (the city's targets), ``assess`` (the whole assessment) — all
pure — then ``service`` (the city baseline from tracking), ``api`` and ``cli``.
"""
