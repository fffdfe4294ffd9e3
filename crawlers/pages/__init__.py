"""Page objects: pure parsers over saved responses (web-poet + parsel; no Scrapy here)."""
