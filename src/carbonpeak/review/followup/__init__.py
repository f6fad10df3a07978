"""事中事后监管 the closed loop after commissioning, in reading order: ``rules`` (monthly
monitored energy and unit consumption against the approved values, with a margin; pure),
``service`` (runs it for every commissioned project over the monitoring module's data, keeps
alerts), ``api``, ``cli``."""
