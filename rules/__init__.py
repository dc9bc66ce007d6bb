"""The default rule pack: one TOML file per category, read by cleaner.ruleset."""
