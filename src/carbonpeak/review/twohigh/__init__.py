"""两高项目清单 the two-high list, in reading order: ``rules`` (分类处置 by 标杆/基准; pure),
``service`` (register projects and metered plants in scope with live status), ``api``,
``cli``."""
