"""Words of the plan genre that carry meaning for target extraction (grammar, not data).

Comparators, from the words plans use (以上/不低于/达到 -> >=, 以内/不高于/控制在 -> <=,
左右/约 -> ~); achievement verbs; filler words stripped from indicator names.
"""

from __future__ import annotations

# A marker written after the value wins over a verb before it.
SUFFIX_COMPARATORS: list[tuple[str, str]] = [
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("左右", "~"),
    ("内", "<="),
]
SYMBOL_COMPARATORS = {"≤": "<=", "≥": ">=", "<": "<", ">": ">", "=": "=", "≈": "~"}

# Verb phrases that end the indicator and introduce the value, longest first in use.
PREFIX_COMPARATORS: dict[str, str] = {
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "超过": ">",
    "高于": ">",
    "大于": ">",
    "低于": "<",
    "少于": "<",
    "控制在": "<=",
    "约": "~",
    "达到": ">=",
    "达": ">=",
    "提高到": ">=",
    "提高至": ">=",
    "提升到": ">=",
    "提升至": ">=",
    "增加到": ">=",
    "增加至": ">=",
    "增至": ">=",
    "降低至": "<=",
    "降低到": "<=",
    "降至": "<=",
    "稳定在": ">=",
    "维持在": ">=",
    "保持在": ">=",
    "至": ">=",
    "下降": ">=",
    "降低": ">=",
    "减少": ">=",
    "提高": ">=",
    "增长": ">=",
}
CHANGE_WORDS = {
    "下降": "decrease",
    "降低": "decrease",
    "减少": "decrease",
    "提高": "increase",
    "增长": "increase",
}

# Verbs that take a counted object: 建成加氢站5座, 建设1-2个示范基地, 具备2%的...能力.
ACHIEVEMENT_VERBS = (
    "建设",
    "建成",
    "打造",
    "形成",
    "培育",
    "开展",
    "参加",
    "新增",
    "具备",
    "实现",
    "完成",
    "推广",
    "淘汰",
    "落实",
)

# Verbs stripped from the front of a counted object's name (新增 stays: it is what is counted).
STRIPPED_VERBS = tuple(v for v in ACHIEVEMENT_VERBS if v != "新增")
# Stripped from the front of an indicator (they say how, not what).
LEADING_FILLERS = (
    "鼓励企业",
    "力争",
    "实现",
    "确保",
    "进一步",
    "鼓励",
    "推动",
    "使",
    "将",
    "并",
    "提升",
    "提高",
    "全面",
    "分别",
    "同时",
    "其中",
    "累计",
)
# An indicator that is only a verb names nothing: the clause before says what (改造提升至...).
BARE_VERBS = ("改造", "建设", "发展", "实施", "推进", "提升", "提高", "升级")
# In that clause before, the thing measured is the object of a guiding verb, up to the verb of
# what it is made to do: 引导[45万吨/年及以下煤矿]实施煤炭产业结构调整 -> 45万吨/年及以下煤矿.
GUIDING_VERBS = ("引导", "推动", "支持", "鼓励", "督促", "组织", "推进", "促进")
OBJECT_ENDS = ("实施", "开展", "进行", "完成", "加快", "有序")
# A bare verb with a capacity (万吨/年) measures the size after the work: ...煤矿改造后产能.
AFTER_WORK_SUFFIX = "后产能"
# Stripped from the end of an indicator, before the verb.
TRAILING_FILLERS = (
    "分别",
    "平均",
    "进一步",
    "力争",
    "全面",
    "基本",
    "稳步",
    "继续",
    "逐步",
    "累计",
    "将",
    "总体",
)
ASPIRATIONAL = ("力争",)
ENCOURAGED = ("鼓励",)

# Common endings of indicator names, used to split 光伏、风电和水电发电装机容量 into three.
INDICATOR_SUFFIXES = (
    "发电装机容量",
    "装机容量",
    "装机规模",
    "装机",
    "发电量",
    "比重",
    "比例",
    "覆盖率",
    "利用率",
    "使用率",
    "数量",
    "产能",
    "产量",
    "消费量",
)

# Units of process limits: a yearless value in one of these is a benchmark (工序能耗限额).
BENCHMARK_UNITS = ("kgce/t", "kWh/t", "千克标准煤/吨", "千瓦时/吨")
PROCESS_ENDINGS = ("单位产品能耗", "综合能耗", "能耗", "电耗")

# Year words: 十四五 ends in 2025, 十五五 in 2030.
PERIOD_YEARS = {"十四五": 2025, "十五五": 2030, "十六五": 2035}

# Page furniture after the plan on web copies; lines from here on are not the plan.
TRAILER_MARKERS = (
    "原标题:",
    "相关资料下载",
    "版权与免责声明",
    "展开全部",
    "责任编辑:",
    "扫一扫在手机",
)

# Level-1 sections that state aims, not tasks (总体要求 ...).
NON_TASK_SECTIONS = (
    "总体要求",
    "总体思路",
    "指导思想",
    "基本原则",
    "主要目标",
    "工作目标",
    "发展目标",
    "总体目标",
)
TASK_SECTION_HINTS = ("重点任务", "主要任务", "重点行动", "行动")
