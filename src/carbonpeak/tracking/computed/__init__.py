"""Values the accounting engine computes (能耗强度, 碳排放强度, 非化石能源消费比重) and
monitoring roll-ups: ``engine.py`` (pure: engine results as values to store) → ``service.py``
(stored as versions of the plan's indicators) → ``api.py``."""
