"""Project commands for the ``scrapy`` tool (COMMANDS_MODULE): check, parse, shell and crawl."""
