"""Spiders: wiring only; parsing lives in crawlers.pages, storing in crawlers.pipelines."""
