"""learning_events models: see the issue that builds this app."""
