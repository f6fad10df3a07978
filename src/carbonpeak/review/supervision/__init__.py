"""节能监察 supervision, in reading order: ``tiered`` (阶梯电价 surcharge from unit consumption,
the rule as data; pure), ``service`` (inspection cases: findings, deadlines, follow-up,
penalties; the surcharge from monitored unit consumption), ``api``, ``cli``."""
