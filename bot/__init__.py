"""interview-bot: answer questions about Persian interviews with their own words.

The flow, one module per stage:
corpus file → ``interview`` → ``passages`` → ``analyzer`` → ``index`` → ``search`` → ``render``.
"""

__version__ = "0.1.0"
