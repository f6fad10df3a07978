"""Raw readings that grow: the monthly partitions of ``mon_readings`` on PostgreSQL (pure
:mod:`.partitions`: month keys, names, DDL, the retention cutoff), made ahead and on ingest, and
the retention of raw readings after an age, archived first if asked, rollups kept
(:mod:`.service`, ``carbonpeak monitor partitions`` / ``retention``: :mod:`.cli`)."""
