"""外部参考清单 Reference inventories (CEADs, Chen et al. 2020): what each dataset is and how to
cite it (``model``), reading the files (``read``), the comparison with the platform's inventory
(``compare``), the bundled extract (``extract``), stored datasets (``service``), endpoints and
commands (``api``, ``cli``)."""
