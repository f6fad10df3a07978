"""The registry (登记): 重点用能单位 enterprises, 计量点 metering points and 工序 processes.

Read top-down: :mod:`.exchange` (the registry as an .xlsx workbook, pure), :mod:`.service`
(the registry in the database, audited), :mod:`.api` (``GET /enterprises``...), :mod:`.cli`
(``registry-import``, ``registry-export``). The plain types are :mod:`carbonpeak.monitoring.model`.
"""
