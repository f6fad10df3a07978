"""审查流程 the review workflow, in reading order: ``opinion`` (the 节能审查意见 .docx, pure),
``service`` (decide: approve / approve with conditions / reject, with the quota ledger check;
commission), ``api``, ``cli``."""
