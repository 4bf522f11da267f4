"""council-social-monitor: keeps a council's social media inside its Social Media Policy."""

__version__ = "0.1.0"
