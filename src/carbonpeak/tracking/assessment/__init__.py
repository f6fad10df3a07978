"""The annual assessment (年度评估, 考核): ``scoring.py`` (pure: the scheme, bundled as
``tracking/data/scoring_default.yaml``, and unit scores) → ``payload.py`` (pure: unit inputs
from the gathered data, the scored payload) → ``service.py`` (gather, the draft and the frozen
snapshot) → ``api.py``, ``cli.py``."""
