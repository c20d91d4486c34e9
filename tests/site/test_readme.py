"""The README's configuration table names exactly the variables the code reads."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Files that read the environment for the project's configuration.
CONFIG_FILES = ["shanting_gi/settings.py", "shanting_gi/gunicorn.conf.py"]
# Helpers in those files that take a variable name as their first argument.
READERS = {"get", "getenv", "env_bool", "env_list", "env_int", "_env_int"}


def variables_read():
    names = set()
    for name in CONFIG_FILES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                environ = isinstance(func, ast.Attribute) and "environ" in ast.unparse(func.value)
                if (called in READERS and (environ or called != "get")) and node.args:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        names.add(first.value)
            elif (
                isinstance(node, ast.Subscript)
                and "environ" in ast.unparse(node.value)
                and isinstance(node.slice, ast.Constant)
            ):
                names.add(node.slice.value)
    return names


def variables_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_every_variable_read_is_documented_and_every_documented_one_is_read():
    read, documented = variables_read(), variables_documented()
    assert read, "found no variables: has the way settings read them changed?"
    assert read - documented == set(), "read by the code but missing from README.md"
    assert documented - read == set(), "in README.md but read nowhere"
