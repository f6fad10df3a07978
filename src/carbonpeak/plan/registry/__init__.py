"""The plan registry: import a parsed plan as a new version (upsert by stable keys,
audited), read it back as the model, correct tasks; YAML export and re-import
(``exchange``, pure)."""
