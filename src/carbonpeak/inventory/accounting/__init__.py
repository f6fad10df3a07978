"""核算 Accounting: activity records + factor sets -> an inventory (pure).

Read top-down: ``trace`` (traced values), ``result`` (rows, totals, the inventory), ``regions``
and ``sectors`` (the data the engine works with), ``context`` (factor book and collector of one
region and year), one module per IPCC sector family (``combustion``, ``energy``,
``electricity``, ``fugitive``, ``ippu``, ``agriculture``, ``waste``, ``sinks``), ``totals``,
``engine`` (``calculate``); then what is asked of a finished inventory: ``queries`` (explain a
number, the district-sum rule, the platform side of a comparison), ``indicators`` (碳达峰指标)
and ``uncertainty`` (IPCC approach 1). ``api`` and ``cli``: calc, show, explain, indicators,
uncertainty.
"""
