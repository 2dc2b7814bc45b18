# SwiftDL: build, test and demo on Debian.
#   make deps   installs the Debian packages SwiftDL needs, only those missing (Open MPI: for `mpirun` and
#               the data-parallel tests; SwiftDL builds and runs without it)
#   make build  release build (dl, libSwiftDL.so for `dl run` scripts, and the `dl run` link for their shebang lines)
#   make test   the whole test suite, in release, then the Jupyter kernel's tests and every notebook in
#               Notebooks/ run with the kernel (skipped, with the reason, without Python 3.10 or LLDB's
#               Python module; a failure instead when CI=true), then `make docs`
#   make jupyter  Jupyter in Jupyter/.venv (Python 3.10) with the kernel "Swift (SwiftDL)"; prints how to start it
#   make demo   trains LeNet-5 on Fashion-MNIST for 3 epochs with the `dl` command, saves it to lenet5.keras
#               and prints the saved file's summary
#   make bench        benchmarks SwiftDL against Keras (TensorFlow, JAX), PyTorch and ONNX Runtime (quick;
#                     MODE=full for the README's table, with callgrind's instruction counts; BASELINE=<another
#                     build's DLBench> runs that build beside this one, paired in the same run)
#   make callgrind    callgrind instruction counts of one training step and one single-image prediction per
#                     workload (WORKLOADS=a,b to choose; CALLGRIND_BASELINE=<earlier callgrind-*.json> for ratios),
#                     written to Benchmarks/results/callgrind-<time>.md and .json: figures the machine's load cannot move
#   make bench-peers  installs Keras (tensorflow-cpu, tf-keras, jax), PyTorch and ONNX Runtime into
#                     Benchmarks/.venv for make bench and the Keras fixture generators
#   make docs   builds the DocC documentation of DL, DLCore, DLLayers, DLModels and DLData (warnings are errors)
#               into .build/plugins/Swift-DocC/outputs/<Module>.doccarchive
#   make clean  removes build products

SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libhdf5-dev libpng-dev libjpeg62-turbo-dev dataset-fashion-mnist pkg-config zlib1g-dev \
	openmpi-bin libopenmpi-dev
# sudo only when not already root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test jupyter demo docs bench bench-peers callgrind clean

# Benchmarks (the Benchmarks section of README.md). MODE=quick|full, REPEATS=n (default 1), BASELINE=path.
MODE ?= quick
REPEATS ?= 1
PYTHON ?= python3
VENV := Benchmarks/.venv
# PyPI's plain torch wheel pulls several GB of CUDA wheels it never uses here; the CPU-only build
# is tried first (pip finds it where pip is configured to look, e.g. a find-links folder of wheels)
# and the plain one only when no CPU build can be found.
TORCH_CPU ?= torch==2.13.0+cpu

deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
		dpkg -s $$package 2>/dev/null | grep -q "^Status: install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else \
		echo "Debian packages already installed: $(APT_PACKAGES)"; \
	fi

build: deps
	$(SWIFT) build -c release
	ln -sfn dl ".build/release/dl run"  # for `#!/usr/bin/env dl run` scripts (README: Scripts)

test: deps
	$(SWIFT) test -c release --disable-swift-testing
	sh Jupyter/test.sh
	$(MAKE) --no-print-directory docs  # the DocC catalogs and every doc comment build without a warning

jupyter: deps
	sh Jupyter/setup.sh

demo: build
	.build/release/dl train lenet5 --dataset fashion-mnist --epochs 3 --batch-size 128 --save lenet5.keras
	.build/release/dl summary lenet5.keras

# One archive per module (the articles are in Sources/DL/DL.docc); DocC's warnings fail the build.
DOC_MODULES := DL DLCore DLLayers DLModels DLData
docs: deps
	$(SWIFT) package generate-documentation $(foreach module,$(DOC_MODULES),--target $(module)) --warnings-as-errors

bench: deps
	$(PYTHON) Benchmarks/run.py --mode $(MODE) --repeats $(REPEATS) $(if $(BASELINE),--baseline $(BASELINE))

callgrind: deps
	$(PYTHON) Benchmarks/callgrind.py $(if $(WORKLOADS),--workloads $(WORKLOADS)) $(if $(CALLGRIND_BASELINE),--baseline $(CALLGRIND_BASELINE))

bench-peers:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install numpy tensorflow-cpu tensorboard  # tensorboard: its reader checks our event files (TensorBoardReaderTests)
	$(VENV)/bin/pip install tf-keras h5py  # Keras 2 files for Tests/Fixtures/KerasFiles (not used by make bench)
	$(VENV)/bin/pip install "$(TORCH_CPU)" || $(VENV)/bin/pip install torch
	$(VENV)/bin/pip install jax onnxruntime onnx  # Keras on JAX; ONNX Runtime serving the PyTorch models (exported with onnx)
	$(VENV)/bin/python -c "import numpy, tensorflow, keras, torch, jax, onnxruntime; print('numpy', numpy.__version__, 'tensorflow', tensorflow.__version__, 'keras', keras.__version__, 'torch', torch.__version__, 'jax', jax.__version__, 'onnxruntime', onnxruntime.__version__)"

clean:
	rm -rf .build
