"""A loopback mirror server for crawl tests: serves a folder, plus fault routes (see ``server``)."""
