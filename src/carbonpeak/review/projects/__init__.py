"""项目登记 the project register, in reading order: ``sheet`` (the .xlsx exchange, pure),
``service`` (register, list, show, export; enterprise users their own projects only), ``api``,
``cli``."""
