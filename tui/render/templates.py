"""Communication templates (Jinja2) filled from the incident, in a sandbox.

A template is the user's own file, or text typed in the composer, so it is
treated as untrusted: Jinja2's immutable sandbox keeps it from reaching
Python internals, calling unsafe methods or changing the data, and there is
no loader, so it cannot include or read files. On top of that, a template
cannot make the render run away: `range` shares one iteration budget per
render, numbers handed to filters and methods are capped, repeating a string
or list is refused past a size, and the output stops at `MAX_OUTPUT`.

A field with no value is marked where it would go ("⟨missing: impact⟩"),
never rendered empty; `{{ impact | default("none") }}` chooses otherwise."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import tui.render.template_budget as budget

# A post-mortem of a 10k-entry incident is about 600k characters.
MAX_OUTPUT = 2_000_000
MAX_ITERATIONS = 100_000
# Widths, counts and repetitions a communication could ever need.
MAX_NUMBER = 10_000
# printf widths from `*` or five digits, and str.format widths of five digits.
_WIDE_FORMAT = re.compile(r"%[-#0 +]*(\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}")


def missing(name: str) -> str:
    return f"⟨missing: {name}⟩"


_MISSING = re.compile(r"⟨missing: ([^⟩\n]{1,80})⟩")


def missing_fields(text: str) -> list[str]:
    """The fields still marked missing in a composed text, once each."""
    return list(dict.fromkeys(_MISSING.findall(text)))


class TemplateError(Exception):
    pass


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ITERATIONS

    def range(self, *args: int) -> Iterator[int]:
        for number in range(*args):
            self.left -= 1
            if self.left < 0:
                raise TemplateError(f"the template loops more than {MAX_ITERATIONS} times")
            yield number


def _check_numbers(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and abs(value) > MAX_NUMBER:
            raise TemplateError(f"the number {value} is larger than a template may use "
                                f"(at most {MAX_NUMBER})")
        _check_format(value)


def _check_format(value: Any) -> None:
    if isinstance(value, str) and _WIDE_FORMAT.search(value):
        raise TemplateError("the template asks for a formatting width that is too wide")


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        # The filtered value may be any size; the arguments set how much work.
        budget.tick()
        if args:
            _check_format(args[0])
        _check_numbers(args[1:], kwargs)
        budget.check_filter(name, args, kwargs)
        return budget.measured(function(*args, **kwargs))

    return guarded


@functools.cache
def _environment() -> Any:
    # Imported on first render: Jinja2 is not start-up work.
    from jinja2 import ChainableUndefined, nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Counted(CodeGenerator):
        """Every `for` iterates through the step counter, and every `~`
        is measured: no hook in Jinja2 sees either at render time."""

        def visit_For(self, node: Any, frame: Any) -> None:
            counted = nodes.Call(nodes.EnvironmentAttribute("warroom_steps"), [node.iter], [],
                                 None, None, lineno=node.lineno)
            node = nodes.For(node.target, counted, node.body, node.else_, node.test,
                             node.recursive, lineno=node.lineno)
            super().visit_For(node, frame)

        def visit_Concat(self, node: Any, frame: Any) -> None:
            joined = nodes.Concat(node.nodes, lineno=node.lineno)
            joined.__dict__["_counted"] = True
            if node.__dict__.get("_counted"):
                super().visit_Concat(node, frame)
                return
            self.visit(nodes.Call(nodes.EnvironmentAttribute("warroom_size"), [joined], [],
                                  None, None, lineno=node.lineno), frame)

    class Marked(ChainableUndefined):
        """Renders as the missing marker; empty when looped over or tested."""

        __slots__ = ()

        def __str__(self) -> str:
            return missing(self._undefined_name or "value")

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})
        code_generator_class = Counted
        # Set per environment below; reached from the code Counted writes.
        warroom_steps: Callable[[Iterable[Any]], Iterator[Any]]
        warroom_size: Callable[[Any], Any]

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for count, sequence in ((left, right), (right, left)):
                    if isinstance(count, int) and hasattr(sequence, "__len__") \
                            and count * len(sequence) > MAX_OUTPUT:
                        raise TemplateError("the template repeats text past the size "
                                            "a communication may have")
            elif operator == "**":
                _check_numbers((right,), {})
                budget.check_power(left, right)
            elif operator == "%":
                _check_format(left)
            budget.tick()
            return budget.measured(super().call_binop(context, operator, left, right))

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            if getattr(__obj, "__name__", "") in ("format", "format_map"):
                # The sandbox hands out str.format wrapped; the text is on the original.
                method = getattr(__obj, "__wrapped__", __obj)
                _check_format(getattr(method, "__self__", ""))
            _check_numbers(args, kwargs)
            budget.tick()
            budget.check_call(getattr(__obj, "__wrapped__", __obj), args)
            return budget.measured(super().call(__context, __obj, *args, **kwargs))

    environment = Sandbox(undefined=Marked, autoescape=False, keep_trailing_newline=True,
                          trim_blocks=True, lstrip_blocks=True)
    # lipsum writes as much text as it is asked for; range is per render.
    for name in ("lipsum", "range"):
        environment.globals.pop(name, None)
    environment.filters = {name: _guarded(name, function)
                           for name, function in environment.filters.items()}
    # Reached as `environment.warroom_steps(...)` from the code Counted writes.
    environment.warroom_steps = budget.steps
    environment.warroom_size = budget.measured
    return environment


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> Any:
    return _environment().from_string(source)


@functools.lru_cache(maxsize=64)
def fields_used(source: str) -> frozenset[str] | None:
    """The fields a template names (None when it does not parse): the costly
    ones (the whole timeline, the checklists) are built only when named."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        return frozenset(meta.find_undeclared_variables(_environment().parse(source)))
    except TemplateSyntaxError:
        return None


def _present(value: Any) -> bool:
    return value not in ("", None, (), [], {})


def render(source: str, fields: Mapping[str, Any]) -> str:
    """The template filled from the fields. Raises TemplateError with one
    readable sentence (and the line) for a broken or runaway template."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    try:
        template = _compiled(source)
    except TemplateSyntaxError as error:
        raise TemplateError(f"line {error.lineno}: {error.message}") from None
    present = {key: value for key, value in fields.items() if _present(value)}
    present["range"] = _Budget().range
    pieces: list[str] = []
    size = 0
    token = budget.start()
    try:
        for piece in template.generate(present):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateError(f"the text grows past {MAX_OUTPUT} characters")
            pieces.append(piece)
    except TemplateError:
        raise
    except budget.Runaway as error:
        raise TemplateError(str(error)) from None
    except SecurityError as error:
        raise TemplateError(f"not allowed in a template: {error}") from None
    except JinjaError as error:
        raise TemplateError(str(error)) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, OverflowError,
            RecursionError) as error:
        raise TemplateError(f"{type(error).__name__}: {error}") from None
    finally:
        budget.finish(token)
    return "".join(pieces)
