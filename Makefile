# SwiftDL: build, test and demo on Debian.
#   make deps   installs the Debian packages SwiftDL needs, only those missing
#   make build  release build
#   make test   the whole test suite, in release
#   make demo   trains LeNet-5 on Fashion-MNIST for 3 epochs with the `dl` command
#   make clean  removes build products

SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libhdf5-dev dataset-fashion-mnist pkg-config zlib1g-dev
# sudo only when not already root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test demo clean

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

test: deps
	$(SWIFT) test -c release --disable-swift-testing

demo: build
	.build/release/dl train lenet5 --dataset fashion-mnist --epochs 3 --batch-size 128

clean:
	rm -rf .build
