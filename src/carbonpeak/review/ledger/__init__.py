"""用能指标来源 the quota ledger, in reading order: ``rules`` (substitution ratio, balance; pure),
``service`` (entries by district; credits, debits on approval, audited exceptions), ``api``,
``cli``."""
