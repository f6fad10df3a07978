"""Time-series expressions a planner writes per branch and scenario (LEAP style), without eval.

Grammar (a small recursive-descent parser; nothing is passed to Python's ``eval``)::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER ["%"] | STRING | NAME | NAME "(" [expr ("," expr)*] ")" | "(" expr ")"

Functions (``t0`` is the base year, ``b`` the base-year value of the variable):

- ``const(v)``: v in every year after the base year;
- ``growth(r)``, ``growth(r1, y1, r2, y2, r3)``: b × Π(1 + r) year by year; the rate is r1 up to
  and including y1, r2 up to y2, then r3 (LEAP ``Growth``);
- ``interp(y1, v1, y2, v2, ...)``: straight lines through (t0, b), (y1, v1), (y2, v2) ...,
  constant after the last point; points at or before t0 are ignored (LEAP ``Interp``);
- ``step(y1, v1, y2, v2, ...)``: b until y1, v1 from y1, v2 from y2 ... (LEAP ``Step``);
- ``growth_as(driver, e)``: X_t = X_{t-1} × (1 + e × (D_t / D_{t-1} − 1)) (LEAP ``GrowthAs``);
- ``plan("2.1.1-6:t1")``: the value of a parsed plan target in this variable's unit;
- ``min(a, b)``, ``max(a, b)``; names ``base`` (b), ``year``; parameters and other series by name.

``6%`` is 0.06. Values are numpy arrays whose last axis is the year, so one evaluation serves
every Monte Carlo draw at once (a parameter drawn N times is an array of shape (N, 1)).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.model import BinOp, Call, Name, Neg, Node, Num, Str

Array = Any  # numpy array or float, broadcastable to (..., years)


class ExpressionError(InputError):
    """An expression that cannot be read or evaluated; the message says where and why."""


# The syntax tree (Num, Str, Name, Neg, BinOp, Call; Node) is plain data in scenarios.model:
# a Variable holds its parsed expression.

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "const": (1, 1),
    "growth": (1, None),
    "interp": (2, None),
    "step": (2, None),
    "growth_as": (2, 2),
    "plan": (1, 1),
    "min": (2, 2),
    "max": (2, 2),
}
RESERVED = ("base", "year")

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|(?P<str>\"[^\"]*\"|'[^']*')"
    r"|(?P<op>[-+*/(),%]))"
)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            where = len(text[:pos]) + len(text[pos:]) - len(text[pos:].lstrip())
            raise ExpressionError(
                f"表达式无法识别的字符 / unexpected character {text[where]!r} at position "
                f"{where + 1} in {text!r}"
            )
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def fail(self, why: str) -> ExpressionError:
        pos = self.toks[self.i][2] + 1 if self.i < len(self.toks) else len(self.text) + 1
        return ExpressionError(
            f"表达式错误 / expression error at position {pos} in {self.text!r}: {why}"
        )

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str) -> bool:
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] == value:
            self.i += 1
            return True
        return False

    def parse(self) -> Node:
        if not self.toks:
            raise ExpressionError("空表达式 / empty expression")
        node = self.expr()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.toks[self.i][1]!r}")
        return node

    def expr(self) -> Node:
        node = self.term()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in "+-":
            self.i += 1
            node = BinOp(tok[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in "*/":
            self.i += 1
            node = BinOp(tok[1], node, self.unary())
        return node

    def unary(self) -> Node:
        if self.take("-"):
            return Neg(self.unary())
        if self.take("+"):
            return self.unary()
        return self.atom()

    def atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("expression ends too early")
        kind, value, _ = tok
        self.i += 1
        if kind == "num":
            if self.take("%"):
                return Num(float(value) / 100.0, value + "%")
            return Num(float(value), value)
        if kind == "str":
            return Str(value[1:-1])
        if kind == "name":
            if self.take("("):
                return self.call(value)
            return Name(value)
        if kind == "op" and value == "(":
            node = self.expr()
            if not self.take(")"):
                raise self.fail("missing ')'")
            return node
        self.i -= 1
        raise self.fail(f"unexpected {value!r}")

    def call(self, func: str) -> Node:
        if func not in FUNCTIONS:
            self.i -= 2
            raise self.fail(f"unknown function {func!r} (known: {', '.join(FUNCTIONS)})")
        args: list[Node] = []
        if not self.take(")"):
            args.append(self.expr())
            while self.take(","):
                args.append(self.expr())
            if not self.take(")"):
                raise self.fail(f"missing ')' after the arguments of {func}")
        lo, hi = FUNCTIONS[func]
        if len(args) < lo or (hi is not None and len(args) > hi):
            want = f"{lo}" if lo == hi else f"at least {lo}" if hi is None else f"{lo}-{hi}"
            raise self.fail(f"{func} takes {want} argument(s), got {len(args)}")
        if func in ("interp", "step") and len(args) % 2:
            raise self.fail(f"{func} takes pairs of (year, value)")
        if func == "growth" and len(args) % 2 == 0:
            raise self.fail("growth takes a rate, or rate, year, rate, ... ending with a rate")
        if func == "plan" and not isinstance(args[0], Str):
            raise self.fail('plan takes a quoted target id, e.g. plan("2.1.1-6:t1")')
        return Call(func, tuple(args))


def parse(text: str | float | int) -> Node:
    """The syntax tree of an expression (a bare number is ``const``)."""
    if isinstance(text, bool):
        raise ExpressionError(f"表达式不能是布尔值 / an expression cannot be {text!r}")
    if isinstance(text, int | float):
        return Num(float(text), repr(text))
    return _Parser(str(text)).parse()


def to_text(node: Node) -> str:
    """The expression written back (fully parenthesised where needed)."""
    if isinstance(node, Num):
        return repr(node.value)
    if isinstance(node, Str):
        return f'"{node.value}"'
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Neg):
        return f"-({to_text(node.operand)})"
    if isinstance(node, BinOp):
        return f"({to_text(node.left)} {node.op} {to_text(node.right)})"
    return f"{node.func}({', '.join(to_text(a) for a in node.args)})"


def names(node: Node) -> set[str]:
    """Names the expression reads (parameters, other series; not ``base``/``year``)."""
    if isinstance(node, Name):
        return set() if node.name in RESERVED else {node.name}
    if isinstance(node, Neg):
        return names(node.operand)
    if isinstance(node, BinOp):
        return names(node.left) | names(node.right)
    if isinstance(node, Call):
        return set().union(*(names(a) for a in node.args)) if node.args else set()
    return set()


def uses_base(node: Node) -> bool:
    """Does the expression read ``base`` (directly, or through a function that starts from
    it: const, growth, interp, step, growth_as)?"""
    if isinstance(node, Name):
        return node.name == "base"
    if isinstance(node, Neg):
        return uses_base(node.operand)
    if isinstance(node, BinOp):
        return uses_base(node.left) or uses_base(node.right)
    if isinstance(node, Call):
        starts = node.func in ("const", "growth", "interp", "step", "growth_as")
        return starts or any(uses_base(a) for a in node.args)
    return False


def plan_refs(node: Node) -> set[str]:
    """Plan target ids the expression reads through ``plan(...)``."""
    if isinstance(node, Call):
        own = (
            {node.args[0].value} if node.func == "plan" and isinstance(node.args[0], Str) else set()
        )
        return own.union(*(plan_refs(a) for a in node.args))
    if isinstance(node, Neg):
        return plan_refs(node.operand)
    if isinstance(node, BinOp):
        return plan_refs(node.left) | plan_refs(node.right)
    return set()


# ---------------------------------------------------------------- evaluation


def _no_plan(ref: str) -> float:
    raise ExpressionError(f"没有方案目标 / no plan targets available for plan({ref!r})")


@dataclass(frozen=True)
class Env:
    """What an expression can see: the years, the base value, names, plan targets.

    ``base`` is a float or an array of shape (..., 1) (one base value per draw).
    """

    years: np.ndarray
    base: Array
    lookup: Callable[[str], Array]
    plan: Callable[[str], float] = _no_plan


def evaluate(node: Node, env: Env) -> np.ndarray:
    """The series (..., years) the expression gives in ``env``."""
    return _series(_eval(node, env), len(env.years))


def _series(value: Array, n: int) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape[-1] == n:
        return arr
    return np.broadcast_to(arr, (*arr.shape[:-1], n))


def _year(node: Node, env: Env, func: str) -> int:
    value = np.asarray(_eval(node, env), dtype=float)
    if value.ndim != 0 or float(value) != int(float(value)):
        raise ExpressionError(f"{func}: a year must be a whole number written as such")
    return int(float(value))


def _eval(node: Node, env: Env) -> Array:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Str):
        raise ExpressionError(f'a text "{node.value}" is only allowed inside plan(...)')
    if isinstance(node, Name):
        if node.name == "base":
            return env.base
        if node.name == "year":
            return env.years.astype(float)
        return env.lookup(node.name)
    if isinstance(node, Neg):
        return -np.asarray(_eval(node.operand, env))
    if isinstance(node, BinOp):
        left = np.asarray(_eval(node.left, env), dtype=float)
        right = np.asarray(_eval(node.right, env), dtype=float)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        with np.errstate(divide="ignore", invalid="ignore"):
            out = left / right
        if np.any(right == 0):
            raise ExpressionError("division by zero in an expression / 表达式中除以零")
        return out
    return _call(node, env)


def _call(node: Call, env: Env) -> Array:
    years = env.years
    n = len(years)
    t0 = int(years[0])
    base = env.base
    f, args = node.func, node.args
    if f == "const":
        value = _series(_eval(args[0], env), n)
        return np.where(years == t0, base, value)
    if f == "plan":
        assert isinstance(args[0], Str)
        return env.plan(args[0].value)
    if f in ("min", "max"):
        a, b = (np.asarray(_eval(x, env), dtype=float) for x in args)
        return np.minimum(a, b) if f == "min" else np.maximum(a, b)
    if f == "growth":
        rate: Array = _series(_eval(args[-1], env), n)
        for i in range(len(args) - 3, -1, -2):
            until = _year(args[i + 1], env, f)
            r = _series(_eval(args[i], env), n)
            rate = np.where(years <= until, r, rate)
        factor = np.asarray(1.0 + rate, dtype=float).copy()
        factor[..., 0] = 1.0
        return base * np.cumprod(factor, axis=-1)
    if f == "growth_as":
        driver = _series(_eval(args[0], env), n)
        e = np.asarray(_eval(args[1], env), dtype=float)
        prev = driver[..., :-1]
        if np.any(prev == 0):
            raise ExpressionError("growth_as: the driver is 0 in some year (division by zero)")
        g = driver[..., 1:] / prev - 1.0
        step = 1.0 + (e[..., :-1] if np.ndim(e) and np.shape(e)[-1] == n else e) * g
        ones = np.ones((*np.shape(step)[:-1], 1))
        return base * np.cumprod(np.concatenate([ones, step], axis=-1), axis=-1)
    pairs = [(_year(args[i], env, f), _eval(args[i + 1], env)) for i in range(0, len(args), 2)]
    ys = [y for y, _ in pairs]
    if ys != sorted(ys) or len(set(ys)) != len(ys):
        raise ExpressionError(f"{f}: years must increase ({', '.join(map(str, ys))})")
    pairs = [(y, v) for y, v in pairs if y > t0]
    if f == "step":
        out: Array = _series(base, n)
        for y, v in pairs:
            out = np.where(years >= y, _series(v, n), out)
        return out
    points = [(t0, base), *pairs]
    out = _series(points[-1][1], n)
    for (x0, v0), (x1, v1) in pairwise(points):
        w = (years - x0) / (x1 - x0)
        seg = np.asarray(v0) + (np.asarray(v1) - np.asarray(v0)) * w
        out = np.where((years >= x0) & (years < x1), seg, out)
    return out


def check_names(node: Node, known: Mapping[str, object], where: str) -> None:
    """Raise where the expression reads a name that is neither a parameter nor a series."""
    unknown = sorted(names(node) - set(known))
    if unknown:
        raise ExpressionError(
            f"{where}: 未知名称 / unknown name(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known)) or 'none'}, base, year)"
        )
