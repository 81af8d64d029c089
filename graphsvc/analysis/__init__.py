"""Analysis over the store's aggregates: time series (and, later, change detection)."""
