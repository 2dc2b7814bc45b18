# Sourced by setup.sh and test.sh: sets SWIFTDL_TOOLCHAIN and SWIFTDL_PYTHON, or sets FIND_ERROR to what
# is missing (and where Jupyter/swiftdl_kernel/toolchain.py looked).
FIND_ERROR=""
BOOT=""
for candidate in python3 python3.10 "$(pyenv root 2>/dev/null)/versions/3.10.13/bin/python3.10"; do
    if command -v "$candidate" >/dev/null 2>&1; then BOOT=$(command -v "$candidate"); break; fi
done
if [ -z "$BOOT" ]; then
    FIND_ERROR="No Python 3 found (looked for python3 and python3.10 on PATH and in pyenv): the Jupyter kernel needs a Python 3.10 with libpython3.10."
elif ! FOUND=$("$BOOT" Jupyter/swiftdl_kernel/toolchain.py 2>&1); then
    FIND_ERROR="$FOUND"
else
    SWIFTDL_TOOLCHAIN=$(echo "$FOUND" | awk '$1 == "toolchain" { print $2 }')
    SWIFTDL_PYTHON=$(echo "$FOUND" | awk '$1 == "python" { print $2 }')
fi
if [ -n "$FIND_ERROR" ] && [ "${FIND_OPTIONAL:-no}" != yes ]; then
    echo "make jupyter: $FIND_ERROR" >&2
    exit 1
fi
