"""Platform adapters: the only modules that talk to X and Facebook."""
