"""Target tracking, progress reporting and the annual assessment (监督考核).

Section 四 of a carbon-peak plan (组织实施) made enforceable: indicators with targets and a
computed, explained status (目标进展); task lists with milestones, state and responsible people
(任务清单); periodic progress reports reviewed by the climate office (进展调度); early warnings
(预警); the annual assessment (年度评估) that scores units and districts, lists units to commend
and to notify (通报批评和约谈问责), and is frozen into a snapshot when published.

Read top-down: ``model.py`` (plain types) → pure logic: ``status.py`` (status of a target),
``scoring.py`` (+ ``data/scoring_default.yaml``), ``warnings.py``, ``periods.py``,
``catalog.py`` → ``orm.py`` → services: ``service.py`` (indicators, target links),
``values.py`` (versioned values, CSV import), ``computed.py`` (values from the accounting
engine), ``statuses.py`` (statuses and manual overrides), ``progress.py`` (task state,
milestones), ``reporting.py`` (periods, progress reports, reviews, contributions),
``attachments.py`` (evidence files), ``alerts.py`` (early warnings), ``notify.py`` (outbox
and SMTP), ``assessment.py`` (annual assessment and frozen snapshot), ``demo.py``
(illustrative data) → thin ``api.py``/``api_progress.py`` and ``cli.py``/``cli_progress.py``.
The annual report documents are in :mod:`carbonpeak.reports`.
"""
