# letsconnect — the two set-up commands:
#   make demo   install what is needed, build, and run the CLI on the bundled sample data and on a
#               synthetic programme (450 invented participants, 65 clinics with their Zoom reports):
#               attendance, metrics, badges and the HTML report (build/demo-report.html); mentoring
#               pairs for data/sample_mentorship.json and clinic times for the sample directory
#   make test   install what is needed, build, and run every test: C++ (ctest), Python (pytest with
#               hypothesis, the notebook, mypy), the C++ suite under ASan+UBSan and under TSan
#               (make test-sanitize) and each libFuzzer target for 30 s on its corpus (make test-fuzz)
# Both work on a fresh Debian 12 machine (as root, or with sudo available).

APT_PACKAGES := g++ cmake ninja-build pkg-config libeigen3-dev nlohmann-json3-dev libicu-dev \
                libhowardhinnant-date-dev tzdata libgtest-dev libgmock-dev liblemon-dev python3-venv python3-dev
# Only the tests need a browser (the HTML report is opened in headless Chromium) and clang
# (libFuzzer).
TEST_APT_PACKAGES := chromium chromium-driver clang libclang-rt-14-dev
FUZZ_SECONDS ?= 30
PYTHON      ?= python3
VENV        := .venv
VPY         := $(VENV)/bin/python
BUILD       := build/cmake
BUILD_TYPE  ?= RelWithDebInfo
PROGRAMME   := build/demo-programme
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test deps test-deps venv cpp python test-cpp test-python test-sanitize test-fuzz bench clean

demo: python
	$(VENV)/bin/letsconnect validate data/sample_directory.json data/taxonomy/letsconnect.json
	$(VENV)/bin/letsconnect search --directory data/sample_directory.json --shares grants-resources --language fr
	$(VENV)/bin/letsconnect search --directory data/sample_directory.json --learns on-wiki-technical --region SSA --min-level 3 --language en
	$(VENV)/bin/letsconnect recommend --directory data/sample_directory.json --user "Amina Bello" -k 5
	$(VENV)/bin/letsconnect recommend --directory data/sample_directory.json --user "Amina Bello" -k 5 --direction learn_from --capx
	@mkdir -p build
	$(VENV)/bin/letsconnect synthetic --out $(PROGRAMME) --seed 0 --participants 450 --clinics 65
	$(VENV)/bin/letsconnect validate $(PROGRAMME)/directory.json $(PROGRAMME)/clinics.json
	$(VENV)/bin/letsconnect attendance --directory $(PROGRAMME)/directory.json --zoom $(PROGRAMME)/zoom/lc-2024-01.csv \
	  --clinics $(PROGRAMME)/clinics.json --clinic lc-2024-01 --out build/demo-attendance.csv --review-queue build/demo-review.csv
	$(VENV)/bin/letsconnect metrics --directory $(PROGRAMME)/directory.json --clinics $(PROGRAMME)/clinics.json
	$(VENV)/bin/letsconnect badges --directory $(PROGRAMME)/directory.json --clinics $(PROGRAMME)/clinics.json --since 2026-06-01
	$(VENV)/bin/letsconnect report --directory $(PROGRAMME)/directory.json --clinics $(PROGRAMME)/clinics.json \
	  --out build/demo-report.html
	$(VENV)/bin/letsconnect assign --directory data/sample_directory.json --programme data/sample_mentorship.json
	$(VENV)/bin/letsconnect plan-clinic --directory data/sample_directory.json --start 2026-03-05 --end 2026-03-12 --split 2 --top 3 --language en

test: test-cpp test-python test-sanitize test-fuzz

# System packages, installed only when one is missing (apt-get update first, as on a fresh machine).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_APT_PACKAGES))

$(VENV)/.deps-stamp: pyproject.toml | deps
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q "scikit-build-core>=0.11" "pybind11>=3" numpy pandas matplotlib tqdm \
	  pytest hypothesis mypy pandas-stubs types-tqdm scipy networkx selenium nbval ipykernel nbclient
	touch $@

venv: deps $(VENV)/.deps-stamp

# The Python package, built by scikit-build-core like `pip install .` does.
python: venv
	$(VPY) -m pip install -q --no-build-isolation .

cpp: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLETSCONNECT_BUILD_TESTS=ON -DLETSCONNECT_WERROR=ON
	cmake --build $(BUILD)

test-cpp: cpp
	ctest --test-dir $(BUILD) --output-on-failure -j2

test-python: python test-deps
	$(VPY) -m pytest
	$(VPY) -m pytest -p no:cacheprovider --nbval --nbval-current-env examples/notebooks/tour.ipynb \
	  --nbval-sanitize-with examples/notebooks/sanitize.cfg
	$(VPY) -m mypy

# The C++ suite under AddressSanitizer + UndefinedBehaviorSanitizer, then under ThreadSanitizer.
test-sanitize: deps
	tests/sanitize/run.sh all

# Each libFuzzer target for FUZZ_SECONDS on its corpus (clang; build/fuzz).
test-fuzz: test-deps
	tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: python
	$(VPY) -m pip install -q "numpy>=2.0" pandas
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VPY) benchmarks/bench_build.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VPY) benchmarks/bench_recommend.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VPY) benchmarks/bench_stats.py
	$(VPY) -m pip install -q rapidfuzz
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VPY) benchmarks/bench_reconcile.py

clean:
	rm -rf build $(VENV)
