"""示意数据 the illustrative review demo: ``service`` carries a few invented projects through the
whole loop (application, assessment, decision, commissioning, monthly comparison)."""
