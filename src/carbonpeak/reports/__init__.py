"""Generated documents: the annual evaluation report (碳达峰目标任务年度评估报告) as .docx
(``docx.py``, with native charts from ``docx_chart.py``) and its data as .xlsx (``xlsx.py``),
both with the wording of ``labels.py``, written together by ``annual.py`` (pure) from the
payload that ``service.py`` reads (published snapshot, else the draft); ``api.py`` and
``cli.py`` serve them. Reports sit above tracking: tracking never imports reports."""
