"""审查流程 the review workflow, in reading order: ``rules`` (审查权限: the office decides within
its authority, records the province's opinion above it; pure), ``opinion`` (the 节能审查意见
.docx, pure), ``service`` (decide: approve / approve with conditions / reject, with the
authority and quota ledger checks; the audited opinion document; commission), ``api``, ``cli``."""
