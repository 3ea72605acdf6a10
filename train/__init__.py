"""Reproducible training commands for stance-reader's shipped models."""
