"""The store: the only code that touches the database."""
