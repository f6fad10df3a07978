"""Published values: ``read`` (the pure CSV/XLSX reader and validator) → ``coverage`` (found vs
sought, pure) → ``service`` (versioned, audited imports; queries; export) → ``api`` / ``cli``."""
