"""Subcommands for working with many articles: import, batch analysis, shards, speakers."""
