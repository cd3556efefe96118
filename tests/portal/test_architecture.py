"""The import architecture holds: no import cycle between the project's modules, the services reach
their Celery tasks by name, and each app's seed/demo/scale/dashboard module is found one way.

The layer and views contracts are import-linter's (pyproject.toml, `lint-imports` in `make lint`);
import-linter has no "no cycle anywhere" contract, so this test walks the same graph (grimp)."""

import grimp
import pytest
from django.core.exceptions import ImproperlyConfigured

PACKAGES = (
    "portal",
    "organisations",
    "groups",
    "learning_events",
    "pd_budget",
    "surveys",
    "accounts",
    "notifications",
    "results",
    "api",
    "search",
)


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import each other, directly or through others (Tarjan's strongly
    connected components over the direct imports, iteratively: no recursion limit)."""
    modules = sorted(graph.modules)
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in graph.modules)
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if child < len(edges[node]):
                work.append((node, child + 1))
                target = edges[node][child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            for target in edges[node]:
                if target in on_stack:
                    low[node] = min(low[node], low[target])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    cycles.append(sorted(component))
    return cycles


def test_no_import_cycle_between_the_projects_modules():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = import_cycles(graph)
    assert not cycles, (
        "modules importing each other (break the cycle: registry, discovery, task names):\n"
        + ("\n".join(" <-> ".join(cycle) for cycle in cycles))
    )


def test_the_cycle_finder_finds_a_cycle_through_three_modules():
    graph = grimp.ImportGraph()
    for module in ("app", "app.selectors", "app.services", "app.tasks", "app.views"):
        graph.add_module(module)
    graph.add_import(importer="app.views", imported="app.services")
    graph.add_import(importer="app.services", imported="app.tasks")
    graph.add_import(importer="app.tasks", imported="app.selectors")
    assert import_cycles(graph) == []
    graph.add_import(importer="app.selectors", imported="app.services")
    assert import_cycles(graph) == [["app.selectors", "app.services", "app.tasks"]]


def test_the_services_task_names_are_registered_tasks():
    """The services enqueue by name (so they never import their tasks): a misspelt name would leave
    every job queued for ever."""
    from pd_budget.services.imports import IMPORT_TASK
    from portal.celery import app
    from portal.reports import EXPORT_TASK
    from surveys.services.aggregation import AGGREGATION_TASK

    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py
    for name in (EXPORT_TASK, IMPORT_TASK, AGGREGATION_TASK):
        assert name in app.tasks, name


def test_seed_demo_scale_and_dashboard_modules_are_found_in_dependency_order():
    from portal.discovery import app_modules

    assert [app for app, _m in app_modules("seed")] == [
        "organisations",
        "groups",
        "learning_events",
        "pd_budget",
        "surveys",
        "results",
    ]
    demo = [app for app, _m in app_modules("demo")]
    assert demo[0] == "organisations"  # the demo providers and accounts, which the others use
    assert demo.index("pd_budget") < demo.index("groups") and demo.index("pd_budget") < demo.index("surveys")
    scale = [app for app, _m in app_modules("scale")]
    assert scale[0] == "pd_budget"
    assert [app for app, _m in app_modules("dashboard")] == [
        "groups",
        "learning_events",
        "pd_budget",
        "surveys",
        "results",
        "notifications",  # the "My work" card (issue 16)
    ]
    my_work = [app for app, _m in app_modules("my_work")]
    assert my_work == ["groups", "learning_events", "pd_budget", "surveys"]


def test_modules_waiting_on_each_other_are_refused(monkeypatch):
    from groups import seed as groups_seed
    from organisations import seed as organisations_seed
    from portal.discovery import app_modules

    monkeypatch.setattr(organisations_seed, "AFTER", ("groups",), raising=False)
    monkeypatch.setattr(groups_seed, "AFTER", ("organisations",))
    with pytest.raises(ImproperlyConfigured, match="wait on each other"):
        app_modules("seed")
