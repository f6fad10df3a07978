"""用能预算 energy budgets, in reading order: ``rules`` (year-to-date share and warning level;
pure), ``service`` (budgets of the city, districts and units; usage from monitoring; what
approved projects add), ``api``, ``cli``."""
