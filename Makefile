# geoprofile — the two commands a newcomer runs are `make run` and `make test`.
SHELL := /bin/bash
APT_PACKAGES := libgeos-dev libproj-dev libsqlite3-dev libshp-dev gdal-bin chromium poppler-utils fonts-dejavu-core
DATASET := Data/postcodes/nl-pc4.gpkg
# The Swift runtime and Foundation are linked statically: a command starts in a third less time.
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE_BIN = $(shell swift build $(RELEASE_FLAGS) --show-bin-path)/geoprofile
EXAMPLE_ZONE := Data/zones/utrecht-binnenstad.geojson

.PHONY: run test browser-test deps build dataset serve format lint bench bench-serve clean docs-figures

## Install the Debian packages geoprofile needs, if any is missing (run as root, or with sudo available).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## Build the release binary.
build: deps
	swift build $(RELEASE_FLAGS)

## Build the postcode dataset if it is absent, or was built by an older layout.
dataset: build
	@if [ ! -f $(DATASET) ] || ! $(RELEASE_BIN) data info >/dev/null 2>&1; then $(RELEASE_BIN) data build; fi

## Set everything up and run the main job: the area analysis of the example zone.
run: dataset
	$(RELEASE_BIN) data info
	@echo
	$(RELEASE_BIN) analyze $(EXAMPLE_ZONE)

## Serve the API and the web page on http://127.0.0.1:8080 (see Docs/service.md).
serve: dataset
	$(RELEASE_BIN) serve $(SERVE_FLAGS)

## Run the test suite (builds with warnings as errors in the project's own targets).
test: deps
	GEOPROFILE_STRICT=1 swift build --build-tests
	GEOPROFILE_STRICT=1 swift test --skip-build
	$(MAKE) browser-test

## The web page in headless Chromium against a live server (Scripts/browser-test.py); the
## screenshot lands in .build/artifacts. Builds a dataset in a temporary folder when
## Data/postcodes has none.
browser-test:
	@dpkg -s chromium >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }
	@BIN="$$(swift build --show-bin-path)/geoprofile"; DATA=$(DATASET); \
	if [ ! -f "$$DATA" ]; then DATA="$$(mktemp -d)/nl-pc4.gpkg"; "$$BIN" data build --output "$$DATA" >/dev/null; fi; \
	python3 Scripts/browser-test.py --binary "$$BIN" --dataset "$$DATA"

## Regenerate the figures in Docs/ that commands produce (the test suite checks them).
docs-figures: dataset
	GEOPROFILE=$(RELEASE_BIN) python3 Scripts/docs_figures.py

## Format the sources in place / check formatting.
format:
	swift format --in-place --recursive --parallel Sources Tests Package.swift
lint:
	swift format lint --strict --recursive --parallel Sources Tests Package.swift

## Side-by-side benchmark against geopandas + tobler (see Benchmarks/README.md).
bench: build
	bash Benchmarks/run.sh

## Load test of the service with wrk (see Docs/performance.md).
bench-serve: dataset
	bash Benchmarks/serve.sh

clean:
	rm -rf .build $(DATASET)
