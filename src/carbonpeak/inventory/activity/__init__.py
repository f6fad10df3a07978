"""活动数据 Activity data: the tidy CSV/.xlsx format parsed into activity records (``parse``), a
city energy balance sheet (能源平衡表) read into the same records (``energy_balance``), and the
stored, versioned datasets and factor sets with the inventories computed from them
(``service``); its HTTP endpoints (``api``) and commands (``cli``)."""
