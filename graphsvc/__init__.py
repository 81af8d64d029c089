"""graphsvc: news about international politics in, a graph of who does what to whom out."""

__version__ = "0.1.0"
