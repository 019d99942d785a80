"""Telegram handlers: thin callbacks that read an update, call the search core and send."""
