"""Readings (读数) as they arrive: one validation path for HTTP, MQTT and files.

Read top-down: :mod:`.validate` (checking a batch, pure), :mod:`.files` (CSV/.xlsx exports,
pure), :mod:`.mqtt` (the MQTT protocol, pure), :mod:`.service` (ingest, queries, dead letters,
the MQTT message handler), :mod:`.api` (``POST /readings``..., and the conventions every POST of
the domain follows), :mod:`.cli` (``import``, ``mqtt``, ``dead-letters``). Writing a checked
batch is :mod:`carbonpeak.monitoring.store`.
"""
