"""Which cuts of a table's rows can stand together: rows as variables, their cuts as values, the
table's identities as linear equations over cells (one column of several rows each).

A cut of a row is supported when some choice of one cut per row containing it satisfies every equation.
The search assigns the row with the fewest cuts first and, once all rows of an equation but one are
chosen, keeps only the cuts of that last row that make the equation hold. It counts its steps and gives
up past a bound, so a report's reading takes milliseconds whatever its digits, and always the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

Values = tuple[float, ...]
EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class Equation:
    """sum(coef × cell) = 0 over (row, column, coef) terms; `name` says which identity it is."""

    terms: tuple[tuple[int, int, int], ...]
    name: str
    column: int


class OverBudget(Exception):
    """The search needed more steps than it may take."""


def supported(domains: dict[int, list[Values]], equations: list[Equation], budget: int = 50000) -> dict[int, set[int]]:
    """For each row, the indexes of its cuts that belong to at least one joint assignment satisfying every
    equation (all sets empty when none does). Raises OverBudget past `budget` search steps."""
    search = _Search(domains, equations, budget)
    found: dict[int, set[int]] = {row: set() for row in domains}
    first = search.solve({})
    if first is None:  # the table does not add up, whatever the cuts
        return found
    for r, i in first.items():
        found[r].add(i)
    for row in sorted(domains):
        for index in range(len(domains[row])):
            if index in found[row]:
                continue
            solution = search.solve({row: index})
            if solution is None:
                continue
            for r, i in solution.items():
                found[r].add(i)
    return found


def satisfiable(domains: dict[int, list[Values]], equation: Equation, budget: int = 50000) -> bool:
    """Whether one equation alone can hold with some cut of each of its rows."""
    rows = {r for r, _, _ in equation.terms}
    return _Search({r: domains[r] for r in rows}, [equation], budget).solve({}) is not None


class _Search:
    def __init__(self, domains: dict[int, list[Values]], equations: list[Equation], budget: int):
        self.domains = domains
        self.equations = equations
        self.by_row: dict[int, list[Equation]] = {row: [] for row in domains}
        for eq in equations:
            for row in {r for r, _, _ in eq.terms}:
                self.by_row[row].append(eq)
        self.budget = budget

    def solve(self, fixed: dict[int, int]) -> dict[int, int] | None:
        """One joint assignment (row → cut index) extending `fixed`, or None."""
        left = {row: list(range(len(cuts))) for row, cuts in self.domains.items()}
        assigned: dict[int, int] = {}
        for row, index in fixed.items():
            left[row] = [index]
        return self._walk(assigned, left)

    def _walk(self, assigned: dict[int, int], left: dict[int, list[int]]) -> dict[int, int] | None:
        self.budget -= 1
        if self.budget < 0:
            raise OverBudget
        open_rows = [r for r in left if r not in assigned]
        if not open_rows:
            return dict(assigned)
        row = min(open_rows, key=lambda r: (len(left[r]), r))
        for index in left[row]:
            assigned[row] = index
            narrowed = self._narrow(row, assigned, left)
            if narrowed is not None:
                solution = self._walk(assigned, narrowed)
                if solution is not None:
                    return solution
            del assigned[row]
        return None

    def _narrow(self, row: int, assigned: dict[int, int], left: dict[int, list[int]]) -> dict[int, list[int]] | None:
        """The cuts still open once `row` is chosen, or None when an equation can no longer hold."""
        narrowed = dict(left)
        narrowed[row] = [assigned[row]]
        for eq in self.by_row[row]:
            open_terms = [(r, c, k) for r, c, k in eq.terms if r not in assigned]
            total = sum(k * self.domains[r][assigned[r]][c] for r, c, k in eq.terms if r in assigned)
            if not open_terms:
                if abs(total) > EPSILON:
                    return None
                continue
            open_rows = {r for r, _, _ in open_terms}
            if len(open_rows) > 1:
                continue
            (last,) = open_rows
            keep = [i for i in narrowed[last]
                    if abs(total + sum(k * self.domains[last][i][c] for _, c, k in open_terms)) <= EPSILON]
            if not keep:
                return None
            narrowed[last] = keep
        return narrowed
