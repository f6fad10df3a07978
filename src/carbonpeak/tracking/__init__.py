"""Target tracking, progress reporting and the annual assessment (监督考核).

Section 四 of a carbon-peak plan (组织实施) made enforceable: indicators with targets and a
computed, explained status (目标进展); task lists with milestones, state and responsible people
(任务清单); periodic progress reports reviewed by the climate office (进展调度); early warnings
(预警); the annual assessment (年度评估) that scores units and districts, lists units to commend
and to notify (通报批评和约谈问责), and is frozen into a snapshot when published.

Read top-down: ``model.py`` (plain types) → ``status.py``, ``scoring.py``, ``warnings.py``,
``periods.py`` (pure) → ``orm.py`` → ``service.py`` (indicators, values, statuses),
``progress.py`` (tasks, milestones, reports, reviews), ``attachments.py``, ``assessment.py``,
``notify.py`` (outbox and SMTP) → ``api*.py``/``cli*.py`` (thin).
"""
