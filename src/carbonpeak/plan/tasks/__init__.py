"""Who does what in a stored plan: task views with their 牵头/责任 units (``views``, plain
types), queries by unit, role, action and year (``service``), and a unit's 任务清单 sheet
(``sheet``, pure .xlsx writer)."""
