"""Generated documents: the annual evaluation report (碳达峰目标任务年度评估报告) as .docx
(``docx.py``, with charts from ``charts.py``) and its data as .xlsx (``xlsx.py``)."""
