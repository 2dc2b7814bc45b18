"""Swift libraries for the REPL: SwiftDL itself and packages added with `%install`.

Each library is a SwiftPM `.dynamic` product built in release mode; the REPL imports its modules from
the build's Modules folder (LLDB's swift-module-search-paths, set before the target is created), finds
the C modules they import through their module maps (extra clang flags), and loads its code with
`dlopen` before the first `import`.
"""

import glob
import hashlib
import os
import re
import shlex
import subprocess
import textwrap


class BuildError(Exception):
    """A `swift build` failed or a library is missing; the message says which."""


class Library:
    """A built shared library and what the REPL needs to import its modules."""

    def __init__(self, path, modules_folder, module_maps, modules):
        self.path = path
        self.modules_folder = modules_folder
        self.module_maps = module_maps
        self.modules = modules

    def clang_flags(self):
        return ["-fmodule-map-file=%s" % path for path in self.module_maps]


def _module_maps(*roots):
    maps = []
    for root in roots:
        maps += glob.glob(os.path.join(root, "Sources", "*", "module.modulemap"))
        maps += glob.glob(os.path.join(root, "Sources", "*", "include", "module.modulemap"))
        maps += glob.glob(os.path.join(root, ".build", "checkouts", "*", "Sources", "*", "module.modulemap"))
        maps += glob.glob(os.path.join(root, ".build", "checkouts", "*", "Sources", "*", "include", "module.modulemap"))
    return sorted(set(maps))


def _newest_source(root):
    newest = 0.0
    for name in ("Package.swift", "Package.resolved"):
        path = os.path.join(root, name)
        if os.path.exists(path):
            newest = max(newest, os.path.getmtime(path))
    for folder, _, files in os.walk(os.path.join(root, "Sources")):
        for name in files:
            newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def _run_build(command, cwd, output):
    """Runs a build, passing its output lines to `output`; raises BuildError on failure."""
    output("$ %s\n" % " ".join(shlex.quote(part) for part in command))
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=_build_environment())
    lines = []
    for line in iter(process.stdout.readline, b""):
        text = line.decode("utf-8", "replace")
        lines.append(text)
        output(text)
    if process.wait() != 0:
        raise BuildError("`%s` in %s failed (exit status %d):\n%s"
                         % (" ".join(command), cwd, process.returncode, "".join(lines[-30:])))


def _build_environment():
    environment = dict(os.environ)
    # The kernel's Python paths are not for the Swift build.
    for key in ("PYTHONPATH", "PYTHONHOME"):
        environment.pop(key, None)
    return environment


def swiftdl_library(root, swift, output):
    """SwiftDL's libSwiftDL.so in `root`/.build/release, built first when a source is newer."""
    release = os.path.join(root, ".build", "release")
    library = os.path.join(release, "libSwiftDL.so")
    if not os.path.exists(library) or os.path.getmtime(library) < _newest_source(root):
        output("Building SwiftDL (release) in %s; this takes a few minutes the first time.\n" % root)
        _run_build([swift, "build", "-c", "release", "--product", "SwiftDL"], root, output)
    if not os.path.exists(library):
        raise BuildError("%s is missing after `swift build -c release --product SwiftDL`" % library)
    return Library(library, os.path.join(release, "Modules"), _module_maps(root),
                   ["DL", "DLCore", "DLData", "DLLayers", "DLModels"])


INSTALL_LINE = re.compile(r"^\s*%install\s+(.*)$")


class InstallSpec:
    """One `%install '<package dependency>' Product [Product ...]` line."""

    def __init__(self, spec, products):
        self.spec = spec
        self.products = products


def parse_install_line(line, line_number, cwd):
    """An `InstallSpec` for an `%install` line, None for other lines; ValueError on a malformed line."""
    match = INSTALL_LINE.match(line)
    if match is None:
        return None
    try:
        parts = shlex.split(match.group(1))
    except ValueError as error:
        raise ValueError("Line %d: %%install: %s. Received: %s" % (line_number, error, line.strip()))
    if len(parts) < 2 or not parts[0].startswith(".package("):
        raise ValueError("Line %d: %%install takes a package dependency and its products, as "
                         "%%install '.package(path: \"/path/to/Package\")' Product. Received: %s"
                         % (line_number, line.strip()))
    spec = parts[0].replace("$cwd", cwd)

    def absolute(match):
        path = match.group(2)
        return match.group(1) + os.path.normpath(os.path.join(cwd, os.path.expanduser(path))) + '"'
    spec = re.sub(r'(path:\s*")([^"]+)"', absolute, spec)
    return InstallSpec(spec, parts[1:])


def _package_identity(spec):
    match = re.search(r'(?:path|url):\s*"([^"]+)"', spec)
    if match is None:
        raise BuildError("%%install: no path: or url: in %s" % spec)
    name = os.path.basename(match.group(1).rstrip("/"))
    return name[:-4] if name.endswith(".git") else name


def installed_library(specs, cache, swift, output):
    """Builds the `%install`ed packages as one dynamic library (libjupyterInstalledPackages.so)."""
    dependencies = ",\n        ".join(spec.spec for spec in specs)
    products = ",\n                ".join(
        '.product(name: "%s", package: "%s")' % (product, _package_identity(spec.spec))
        for spec in specs for product in spec.products)
    manifest = textwrap.dedent("""\
        // swift-tools-version:5.9
        // Written by the SwiftDL Jupyter kernel for %%install.
        import PackageDescription

        let package = Package(
            name: "jupyterInstalledPackages",
            products: [.library(name: "jupyterInstalledPackages", type: .dynamic, targets: ["jupyterInstalledPackages"])],
            dependencies: [
                %s
            ],
            targets: [
                .target(
                    name: "jupyterInstalledPackages",
                    dependencies: [
                        %s
                    ],
                    path: ".",
                    sources: ["jupyterInstalledPackages.swift"])
            ])
        """) % (dependencies, products)
    folder = os.path.join(cache, hashlib.sha256(manifest.encode()).hexdigest()[:16])
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "Package.swift"), "w") as file:
        file.write(manifest)
    with open(os.path.join(folder, "jupyterInstalledPackages.swift"), "w") as file:
        file.write("// The %install'ed products are linked into this library.\n")
    output("Installing packages:\n%s\nin %s\n" % ("\n".join(
        "    %s  %s" % (spec.spec, " ".join(spec.products)) for spec in specs), folder))
    _run_build([swift, "build", "-c", "release"], folder, output)
    release = os.path.join(folder, ".build", "release")
    library = os.path.join(release, "libjupyterInstalledPackages.so")
    if not os.path.exists(library):
        raise BuildError("%s is missing after the build" % library)
    modules_folder = os.path.join(release, "Modules")
    modules = sorted(os.path.splitext(name)[0] for name in os.listdir(modules_folder)
                     if name.endswith(".swiftmodule") and name != "jupyterInstalledPackages.swiftmodule")
    roots = [folder] + [match for match in re.findall(r'path:\s*"([^"]+)"', dependencies)]
    return Library(library, modules_folder, _module_maps(*roots), modules)
