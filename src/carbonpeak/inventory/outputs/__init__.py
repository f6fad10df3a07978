"""Published product outputs (原煤, 发电量, 粗钢, 生铁, 电解铝 …) of the statistics domain against
the activity data of the same region and year: ``compare`` (pure), ``service``, ``api``, ``cli``."""
