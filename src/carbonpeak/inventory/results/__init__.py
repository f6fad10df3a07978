"""Inventory results, as the API and the command line serve them: the inventory of a file or of
rows sent (nothing stored) and of a stored dataset version — totals, rows, the trace
(explain), indicators, approach-1 uncertainty, the district-sum rule and the .xlsx export.
Adapters only: the numbers come from ``accounting/``, the tables from ``output/``."""
