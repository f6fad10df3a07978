"""The city's default activity dataset (城市默认数据集): ``service.py`` (stored choice and the
one rule that picks the dataset when none is named) → ``cli.py`` (``inventory default``)."""
