# cwfilter: an offline analyzer for Amazon CloudWatch Logs filter patterns.
#
#   make demo     installs what is missing, builds, runs the demo
#   make test     installs what is missing, builds, runs every test (and `check`)
#   make check    the whole test suite again under ASan+UBSan
#   make valgrind the unit tests again under valgrind
#   make fuzz     the libFuzzer harnesses, FUZZ_SECONDS each
#   make bench    the benchmarks (ratios against baselines of the same run)
#   make install  PREFIX=/usr/local
#
# Generated parsers go to $(BUILD)/gen, never into git.

BUILD   ?= build
PREFIX  ?= /usr/local
CC      ?= cc
OPT     ?= -O2 -g
SAN     ?=
FUZZ_SECONDS ?= 60

PKGS     = jansson yaml-0.1 zlib
WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Werror
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -I$(BUILD)/gen
CFLAGS   = -std=c11 $(OPT) $(WARN) $(SAN)
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

ifeq ($(shell id -u),0)
SUDO =
else
SUDO = sudo
endif

DEB_PKGS = re2c bison libcmocka-dev libjansson-dev libyaml-dev zlib1g-dev \
           pkg-config jq valgrind python3 python3-jsonschema pre-commit git

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

.PHONY: all deps test unit golden valgrind check fuzz bench soak demo install clean
.DELETE_ON_ERROR:

all: $(BIN) $(TEST_BIN)

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
	  valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	    $$t >$$t.valgrind.log 2>&1 || { tail -30 $$t.valgrind.log; fail=1; }; \
	done; exit $$fail

test: deps
	$(MAKE) all
	$(MAKE) unit golden
	$(MAKE) sqltest
	$(MAKE) valgrind
	$(MAKE) check
	@echo "make test: all passed"

check:
	$(MAKE) BUILD=build/asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -Wno-format-truncation" \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 unit golden

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
fuzz: deps
	@command -v clang >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q clang libclang-rt-dev; }
	$(MAKE) BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" $(BUILD)/fuzz/libcwf.a
	@mkdir -p build/fuzz/bin
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang $(CPPFLAGS) -Ibuild/fuzz/gen -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o build/fuzz/bin/$$n $$f build/fuzz/libcwf.a $(LDLIBS) || exit 1; \
	  mkdir -p build/fuzz/corpus/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  build/fuzz/bin/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    build/fuzz/corpus/$$n tests/fuzz/seeds/$$n 2>build/fuzz/$$n.log || { tail -40 build/fuzz/$$n.log; exit 1; }; \
	  tail -2 build/fuzz/$$n.log; \
	done

bench: deps all
	@sh tests/bench/run.sh $(BIN)

soak: deps all
	CWF_SOAK=1 $(BUILD)/tests/test_differential

demo: deps all
	@sh tests/demo.sh $(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/cwfilter
	install -m 755 src/cwfilter-collect $(DESTDIR)$(PREFIX)/bin/cwfilter-collect

clean:
	rm -rf build
