# cwfilter: an offline analyzer for Amazon CloudWatch Logs filter patterns.
#
#   make demo     installs what is missing, builds, runs the demo
#   make test     installs what is missing, builds, runs every test (and `check`)
#   make check    the whole test suite again under ASan+UBSan
#   make valgrind the unit tests again under valgrind
#   make fuzz     the libFuzzer harnesses, FUZZ_SECONDS (30) each
#   make bench    the benchmarks (ratios against baselines of the same run)
#   make install  PREFIX=/usr/local (the binaries, libcwfilter, cwfilter.h, cwfilter.pc)
#   make lib-test libcwfilter: exported symbols, install + pkg-config, Python
#   make tsan     the threaded API test under ThreadSanitizer
#
# Generated parsers go to $(BUILD)/gen, never into git.

BUILD   ?= build
PREFIX  ?= /usr/local
CC      ?= cc
OPT     ?= -O2 -g
SAN     ?=
FUZZ_SECONDS ?= 30

PKGS     = jansson yaml-0.1 zlib libdeflate
WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Werror
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -I$(BUILD)/gen
CFLAGS   = -std=c11 $(OPT) $(WARN) $(SAN)
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread

ifeq ($(shell id -u),0)
SUDO =
else
SUDO = sudo
endif

DEB_PKGS = re2c bison libcmocka-dev libjansson-dev libyaml-dev zlib1g-dev libdeflate-dev \
           pkg-config jq valgrind python3 python3-jsonschema pre-commit git \
           clang libclang-rt-14-dev gcovr ripgrep libdeflate-tools

# grammar/lexer.re and grammar/parser.y make the pattern parser; any other
# grammar/*.re is a stand-alone re2c scanner (for example the HCL extractor).
EXTRA_RE = $(filter-out grammar/lexer.re,$(wildcard grammar/*.re))
LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lexer.o $(BUILD)/obj/parser.o \
           $(EXTRA_RE:grammar/%.re=$(BUILD)/obj/%.o)
LIB      = $(BUILD)/libcwf.a
BIN      = $(BUILD)/cwfilter
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_LIB = $(wildcard tests/testutil.c)

.PHONY: all deps test unit golden integration noshared valgrind check coverage fuzz bench soak demo \
        install clean lib lib-test tsan
.DELETE_ON_ERROR:

all: $(BIN) $(BUILD)/cwfilter-collect $(TEST_BIN) lib

# ---- set-up -----------------------------------------------------------------

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@v=$$(re2c --vernum); [ "$$v" -ge 30000 ] || { echo "make deps: re2c >= 3.0 needed, found $$v"; exit 1; }
	@v=$$(bison --version | sed -n '1s/.* //p'); \
	  [ "$$(printf '%s\n3.8\n' "$$v" | sort -V | head -1)" = 3.8 ] || { echo "make deps: bison >= 3.8 needed, found $$v"; exit 1; }

# ---- build ------------------------------------------------------------------

$(BUILD)/gen/lexer.c: grammar/lexer.re $(BUILD)/gen/parser.h
	@mkdir -p $(@D)
	re2c -W -Werror --no-generation-date --no-version -c -o $@ $<

$(BUILD)/gen/%.c: grammar/%.re
	@mkdir -p $(@D)
	re2c -W -Werror --no-generation-date --no-version -o $@ $<

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror -Wcounterexamples --header=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) $(BUILD)/gen/parser.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(shell pkg-config --cflags $(PKGS)) -c -o $@ $<

$(BUILD)/obj/%.o: $(BUILD)/gen/%.c $(wildcard src/*.h) $(BUILD)/gen/parser.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-unused-function -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): src/main.c $(LIB)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# cwfilter-collect is a shell script; a copy in $(BUILD) sits beside cwfilter.
$(BUILD)/cwfilter-collect: src/cwfilter-collect
	@mkdir -p $(@D)
	cp $< $@
	chmod 755 $@

$(BUILD)/tests/%: tests/%.c $(TEST_LIB) $(LIB) $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -o $@ $< $(TEST_LIB) $(LIB) $(LDLIBS) -lcmocka

# ---- tests ------------------------------------------------------------------

# Unit tests run from the top of the tree, so that they find corpus/.
unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do $$t || fail=1; done; exit $$fail

golden: $(BIN)
	@sh tests/golden.sh $(BIN)

# The unit tests of every reader of untrusted input again under valgrind
# (the differential soak of the prover is too slow there; ASan covers it).
VALGRIND_SKIP = $(BUILD)/tests/test_differential
valgrind: $(TEST_BIN)
	@fail=0; for t in $(filter-out $(VALGRIND_SKIP),$(TEST_BIN)); do \
	  echo "valgrind: $$t"; \
	  CWF_VALGRIND=1 valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	    $$t >$$t.valgrind.log 2>&1 || { tail -30 $$t.valgrind.log; fail=1; }; \
	done; exit $$fail

# What runs the real tools around cwfilter: SARIF validation, pre-commit,
# every example of README.md compared with its output, and every message
# over the goldens, corpus/ and the real-world patterns (tests/messages.py).
integration: $(BIN) $(BUILD)/cwfilter-collect
	@sh tests/test_sarif.sh $(BIN) corpus/configs/cfn/broken.yaml corpus/configs/cfn/cloudtrail-alarms.yaml \
	  corpus/configs/terraform corpus/configs/plan/plan.json corpus/configs/describe corpus/configs/cdk/cdk.out \
	  corpus/fix
	@sh tests/precommit.sh $(BIN)
	@python3 tests/readme.py $(BUILD)
	@python3 tests/deps.py --strict >$(BUILD)/deps.txt || \
	  { grep -E '^(circle|upward|no stage|internal header)' $(BUILD)/deps.txt; exit 1; }
	@python3 tests/messages.py $(BUILD)
	@for t in tests/regress/*.sh; do sh $$t $(BIN) >/dev/null || { echo "regress: $$t failed"; exit 1; }; done
	@echo "regress: $$(ls tests/regress/*.sh | wc -l) scripts passed"

# The tests that read ../shared, again as on a user's clone without it:
# they must say they skipped, and pass.
NOSHARED_TESTS = $(BUILD)/tests/test_corpus $(BUILD)/tests/test_prove $(BUILD)/tests/test_fix
noshared: $(NOSHARED_TESTS) $(BIN)
	@echo "noshared: the tests that read ../shared, with CWF_SHARED=$(BUILD)/no-shared (missing)"
	@for t in $(NOSHARED_TESTS); do CWF_SHARED=$(BUILD)/no-shared $$t || exit 1; done
	@CWF_SHARED=$(BUILD)/no-shared sh tests/test_sarif.sh $(BIN) corpus/configs/cfn/broken.yaml

test: deps
	$(MAKE) all
	$(MAKE) unit golden integration noshared
	$(MAKE) sqltest
	$(MAKE) valgrind
	$(MAKE) check
	$(MAKE) lib-test tsan
	$(MAKE) fuzz
	$(MAKE) coverage
	@echo "make test: all passed"

check:
	$(MAKE) BUILD=build/asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -Wno-format-truncation" \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 unit golden

# What the tests reach: the unit, golden and differential tests in a
# --coverage build (its own directory), then gcovr's summary over src/
# (generated code and tests excluded).  Fails below the bounds.
COV_LINES    ?= 95
COV_BRANCHES ?= 85
COV_BUILD    ?= build/cov
coverage:
	@# every count of an earlier run, the binaries' own too (cwfilter-main.gcda): a
	@# recompiled unit refuses to merge into one (libgcov prints an error in the output)
	@if [ -d $(COV_BUILD) ]; then find $(COV_BUILD) -name '*.gcda' -delete; fi
	$(MAKE) BUILD=$(COV_BUILD) OPT="-O0 -g --coverage -fprofile-update=atomic" LDLIBS="$(LDLIBS) --coverage" unit golden
	gcovr --root . --filter 'src/' --object-directory $(COV_BUILD) --exclude-unreachable-branches \
	  --exclude-throw-branches --print-summary --fail-under-line $(COV_LINES) \
	  --fail-under-branch $(COV_BRANCHES) -o $(COV_BUILD)/coverage.txt $(COV_BUILD)

# ---- cwfilter sql: the DuckDB differential test ----------------------------
# tests/sql/package-lock.json pins DuckDB (@duckdb/node-api) and a Trino SQL
# parser (dt-sql-parser); `make deps` installs them under $(NPM_DIR) with
# npm, after Debian's nodejs and npm when no node or npm is on the PATH (checked
# by command, not by package: a nodejs from elsewhere that bundles npm
# conflicts with Debian's npm package).  An install that fails does not stop
# `make deps`: sqltest then fails and says why (it never skips).
NPM_DIR = $(BUILD)/npm

.PHONY: sql-deps sqltest
deps: sql-deps
sql-deps:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "make deps: installing nodejs npm"; $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends nodejs npm; } || \
	  echo "make deps: nodejs and npm could not be installed: make sqltest will fail"
	@if ! cmp -s tests/sql/package-lock.json $(NPM_DIR)/package-lock.json || [ ! -d $(NPM_DIR)/node_modules ]; then \
	  mkdir -p $(NPM_DIR) && cp tests/sql/package.json tests/sql/package-lock.json $(NPM_DIR)/ && \
	  (cd $(NPM_DIR) && npm ci --no-audit --no-fund --loglevel=error) || \
	  { rm -f $(NPM_DIR)/package-lock.json; echo "make deps: npm ci in $(NPM_DIR) failed: make sqltest will fail"; }; \
	fi

sqltest: $(BIN)
	@command -v node >/dev/null || { echo "sqltest: FAIL: no node (Debian's nodejs): run make deps"; exit 1; }
	node --import ./tests/sql/register.mjs tests/sql/diff.mjs $(BIN) $(NPM_DIR)

FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/bin/%)
FUZZ_CFLAGS = -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# Every harness, FUZZ_SECONDS each (two at a time), over its kept seeds and
# every crash ever found (tests/fuzz/seeds/NAME/).  `make test` runs it.
fuzz: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

ifneq ($(BUILD),build/fuzz)
build/fuzz/libcwf.a: $(LIB_SRC) $(wildcard src/*.h) $(wildcard grammar/*)
	$(MAKE) BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" build/fuzz/libcwf.a
endif

build/fuzz/bin/%: tests/fuzz/%.c build/fuzz/libcwf.a
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -Ibuild/fuzz/gen $(FUZZ_CFLAGS) -o $@ $< build/fuzz/libcwf.a $(LDLIBS)

bench: deps all
	@sh tests/bench/run.sh $(BIN)

soak: deps all
	CWF_SOAK=1 $(BUILD)/tests/test_differential

demo: deps all
	@sh tests/demo.sh $(BIN)

install: $(BIN) $(BUILD)/cwfilter-collect
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/cwfilter
	install -m 755 $(BUILD)/cwfilter-collect $(DESTDIR)$(PREFIX)/bin/cwfilter-collect
	$(MAKE) install-lib

# ---- libcwfilter: the public library (src/cwfilter.h) ------------------------
# The same objects as $(LIB), built again position-independent and with
# hidden visibility, so that the shared library exports only the functions
# cwfilter.h marks CWF_API.  The cwfilter binary still links $(LIB).
LIBVERSION = 0.1.0
SONAME   = libcwfilter.so.0
LIBDIR  ?= $(PREFIX)/lib
PIC_OBJ  = $(LIB_OBJ:$(BUILD)/obj/%.o=$(BUILD)/pic/%.o)
SHLIB    = $(BUILD)/$(SONAME)
STLIB    = $(BUILD)/libcwfilter.a
PICFLAGS = -fPIC -fvisibility=hidden

lib: $(SHLIB) $(BUILD)/libcwfilter.so $(STLIB)

$(BUILD)/pic/%.o: src/%.c $(wildcard src/*.h) $(BUILD)/gen/parser.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PICFLAGS) $(shell pkg-config --cflags $(PKGS)) -c -o $@ $<

$(BUILD)/pic/%.o: $(BUILD)/gen/%.c $(wildcard src/*.h) $(BUILD)/gen/parser.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PICFLAGS) -Wno-unused-function -c -o $@ $<

$(STLIB): $(PIC_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHLIB): $(PIC_OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $^ $(LDLIBS)

$(BUILD)/libcwfilter.so: $(SHLIB)
	ln -sf $(SONAME) $@

# cwfilter.pc for a prefix: make PREFIX=... $(BUILD)/cwfilter.pc
$(BUILD)/cwfilter.pc: src/cwfilter.pc.in FORCE
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@VERSION@|$(LIBVERSION)|g' -e 's|@PKGS@|$(PKGS)|g' $< >$@

install-lib: lib $(BUILD)/cwfilter.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libcwfilter.so
	install -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)/libcwfilter.a
	install -m 644 src/cwfilter.h $(DESTDIR)$(PREFIX)/include/cwfilter.h
	install -m 644 $(BUILD)/cwfilter.pc $(DESTDIR)$(LIBDIR)/pkgconfig/cwfilter.pc

# The library's own checks: exported symbols, install + pkg-config (shared
# and static) with the README example, the Python binding.
lib-test: lib
	sh tests/lib_symbols.sh $(SHLIB) src/cwfilter.h
	sh tests/install.sh
	PYTHONDONTWRITEBYTECODE=1 CWFILTER_LIB=$(CURDIR)/$(SHLIB) python3 -m unittest discover -s src/python -p 'test_*.py'

# The threaded API test under ThreadSanitizer, in its own build directory.
$(BUILD)/tests/test_api_threads: LDLIBS += -pthread
# Under valgrind its threads run one at a time (a minute here); test_api
# covers every function there, ASan and TSan cover the threads.
VALGRIND_SKIP += $(BUILD)/tests/test_api_threads
tsan:
	$(MAKE) BUILD=build/tsan OPT="-O1 -g" SAN="-fsanitize=thread" build/tsan/tests/test_api_threads
	TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/test_api_threads

.PHONY: install-lib FORCE
FORCE:

clean:
	rm -rf build
