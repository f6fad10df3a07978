"""Writing a checked batch of readings (the ingestion hot path): new rows, duplicates,
conflicts and audited corrections, and the rollups brought up to date, in the caller's
transaction (:mod:`.service`).
"""
