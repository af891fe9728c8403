# libeml - build, test, install.
#
#   make                 library (static + shared) and the eml tool in build/
#   make check           every test: unit, scripts, examples, fuzz replay
#   make test            the whole suite as CI runs it (check, asan, fuzz-run, tsan, valgrind)
#   make asan            the same under AddressSanitizer + UBSan (build-asan/)
#   make fuzz            libFuzzer harnesses with clang (build-fuzz/)
#   make fuzz-run        run each harness for FUZZ_SECONDS seconds
#   make tsan            threads under ThreadSanitizer (build-tsan/)
#   make bench           codec and whole-message benchmarks, then each binding
#                        against its ecosystem's parsers on ../shared/corpus
#                        (not part of check)
#   make bench-compare BASE=REV   the same benchmarks side by side with REV
#   make bench-pathological   linear-time check on pathological inputs
#   make install / uninstall  honour PREFIX, DESTDIR, LIBDIR, ...

VERSION_MAJOR := $(shell sed -n 's/^\#define EML_VERSION_MAJOR *\([0-9][0-9]*\).*/\1/p' include/eml.h)
VERSION_MINOR := $(shell sed -n 's/^\#define EML_VERSION_MINOR *\([0-9][0-9]*\).*/\1/p' include/eml.h)
VERSION_PATCH := $(shell sed -n 's/^\#define EML_VERSION_PATCH *\([0-9][0-9]*\).*/\1/p' include/eml.h)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

PREFIX ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR ?= $(EXEC_PREFIX)/bin
LIBDIR ?= $(EXEC_PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=
INSTALL ?= install

CC ?= cc
BUILD ?= build
CFLAGS ?= -O2 -g
SAN_FLAGS ?=
WARN_FLAGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_FLAGS := -std=c11 -D_GNU_SOURCE $(WARN_FLAGS) $(SAN_FLAGS)
LIB_FLAGS := $(BASE_FLAGS) -Iinclude -Ilib -DEML_BUILDING_LIBRARY=1 -fvisibility=hidden
LDLIBS_LIB :=

MACHINE := $(shell $(CC) -dumpmachine)
# The layers, lowest first (see lib/base/base.h); no source file sits in
# lib/ itself.
LAYERS := base codec text mime api
ARCH := lib/codec/arch
LIB_SRC := $(sort $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c)) $(wildcard $(ARCH)/scalar/*.c))
ifneq (,$(findstring x86_64,$(MACHINE)))
LIB_SRC += $(sort $(wildcard $(ARCH)/avx2/*.c) $(wildcard $(ARCH)/avx512/*.c))
endif
ifneq (,$(findstring aarch64,$(MACHINE)))
LIB_SRC += $(sort $(wildcard $(ARCH)/neon/*.c))
endif

# Instruction-set flags touch only the kernels that need them.
ISA_avx2 := -mavx2 -mbmi -mbmi2 -mpopcnt
ISA_avx512 := -mavx512f -mavx512bw -mavx512vl -mavx512vbmi -mavx512vbmi2 -mbmi -mbmi2 -mpopcnt
ISA_neon :=
isa_flags = $(foreach isa,avx2 avx512 neon,$(if $(findstring $(ARCH)/$(isa)/,$1),$(ISA_$(isa))))

STATIC_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
PIC_OBJ := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
LIB_A := $(BUILD)/libeml.a
LIB_SO_REAL := $(BUILD)/libeml.so.$(VERSION)
LIB_SO_MAJOR := $(BUILD)/libeml.so.$(VERSION_MAJOR)
LIB_SO := $(BUILD)/libeml.so

TOOL_SRC := $(sort $(wildcard tools/*.c))
TOOL := $(BUILD)/eml

TEST_SUPPORT_SRC := $(sort $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c)))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_FLAGS := $(BASE_FLAGS) -Iinclude -Ilib -Itests/unit
TEST_LIBS := -lcmocka -lpthread -lm

EXAMPLE_SRC := $(sort $(wildcard examples/*.c))
EXAMPLE_BIN := $(EXAMPLE_SRC:examples/%.c=$(BUILD)/examples/%)

# The harnesses share the unit tests' checking allocator.
FUZZ_COMMON := $(sort $(filter-out fuzz/fuzz_%.c fuzz/replay.c,$(wildcard fuzz/*.c))) \
               tests/unit/failing_alloc.c
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/replay/%)

UBSAN_ENV := UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all lib tool tests examples check asan fuzz fuzz-run bench bench-compare bench-pathological \
        install uninstall clean replay valgrind tsan test
.DELETE_ON_ERROR:

all: lib tool

lib: $(LIB_A) $(LIB_SO)
tool: $(if $(TOOL_SRC),$(TOOL))

# Every object records the headers it includes (-MMD), so a change to any
# header rebuilds exactly what uses it.
DEP_FLAGS = -MMD -MP
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_FLAGS) $(DEP_FLAGS) $(call isa_flags,$<) -c $< -o $@

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_FLAGS) $(DEP_FLAGS) -fPIC $(call isa_flags,$<) -c $< -o $@

-include $(STATIC_OBJ:.o=.d) $(PIC_OBJ:.o=.d)

$(LIB_A): $(STATIC_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(LIB_SO_REAL): $(PIC_OBJ) lib/libeml.map
	$(CC) $(CFLAGS) $(SAN_FLAGS) -shared -Wl,-soname,libeml.so.$(VERSION_MAJOR) \
	  -Wl,--version-script=lib/libeml.map -o $@ $(PIC_OBJ) $(LDLIBS_LIB)

$(LIB_SO_MAJOR): $(LIB_SO_REAL)
	ln -sf $(notdir $<) $@

$(LIB_SO): $(LIB_SO_MAJOR)
	ln -sf $(notdir $<) $@

$(TOOL): $(TOOL_SRC) $(LIB_A) include/eml.h $(wildcard tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_FLAGS) -Iinclude -o $@ $(TOOL_SRC) $(LIB_A) -lpthread

tests: $(TEST_BIN) examples

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT_SRC) $(LIB_A) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_FLAGS) -o $@ $< $(TEST_SUPPORT_SRC) $(LIB_A) $(TEST_LIBS)

examples: $(EXAMPLE_BIN)

$(BUILD)/examples/%: examples/%.c $(LIB_A) include/eml.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_FLAGS) -Iinclude -o $@ $< $(LIB_A)

# Replay: every fuzz harness linked with a plain main() that feeds it the
# seeds and regressions, so that gcc builds run them inside make check.
replay: $(REPLAY_BIN)

$(BUILD)/replay/%: fuzz/fuzz_%.c fuzz/replay.c $(FUZZ_COMMON) $(LIB_A) $(wildcard fuzz/*.h) \
                   tests/unit/failing_alloc.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_FLAGS) -Iinclude -Ilib -Ifuzz -Itests/unit -o $@ $< fuzz/replay.c $(FUZZ_COMMON) $(LIB_A) -lpthread

# Every unit test binary, then every tests/scripts/*.sh, with one summary
# line at the end. The scripts find the build through the environment.
# The pathological harness is defined further down; named here in full
# because prerequisites are expanded when the rule is read.
check: all tests replay $(BUILD)/bench/eml-pathological
	@$(UBSAN_ENV) BUILD=$(BUILD) CC="$(CC)" sh tests/run-all.sh $(TEST_BIN)

asan:
	$(MAKE) BUILD=build-asan SAN_FLAGS="$(ASAN_FLAGS)" CFLAGS="-O1 -g" check

# The whole suite, as CI runs it: every test, then again under ASan+UBSan,
# every fuzz harness for FUZZ_SECONDS, threads under TSan, the corpus under
# valgrind.
test:
	$(MAKE) check
	$(MAKE) asan
	$(MAKE) fuzz
	$(MAKE) -j1 fuzz-run FUZZ_SECONDS=$(FUZZ_SECONDS)
	$(MAKE) tsan
	$(MAKE) valgrind

valgrind: all tests
	VALGRIND_OPTS="--suppressions=$(CURDIR)/tests/valgrind.supp" BUILD=$(BUILD) VALGRIND=1 sh tests/scripts/corpus.sh

# ThreadSanitizer: several threads parse and read messages at once,
# including the first calls that pick the SIMD implementation.
tsan:
	$(MAKE) BUILD=build-tsan SAN_FLAGS="-fsanitize=thread" CFLAGS="-O1 -g" build-tsan/tsan/threads
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build-tsan/tsan/threads

$(BUILD)/tsan/threads: tests/tsan/threads.c $(LIB_A) include/eml.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_FLAGS) -Iinclude -o $@ $< $(LIB_A) -lpthread

# libFuzzer builds: the library is compiled from source with coverage.
FUZZ_CC ?= clang
FUZZ_BUILD := build-fuzz
FUZZ_FLAGS := -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 60

fuzz: $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

# The library objects get instruction-set flags one by one, as in the
# normal build, so no kernel-free file is compiled for AVX-512.
FUZZ_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB := $(FUZZ_BUILD)/libeml-fuzz.a

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Iinclude -Ilib -DEML_BUILDING_LIBRARY=1 $(DEP_FLAGS) \
	  $(call isa_flags,$<) -c $< -o $@

-include $(FUZZ_OBJ:.o=.d)

$(FUZZ_LIB): $(FUZZ_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_COMMON) $(FUZZ_LIB) $(wildcard fuzz/*.h include/*.h) \
                      tests/unit/failing_alloc.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Iinclude -Ilib -Ifuzz -Itests/unit -o $@ $< $(FUZZ_COMMON) $(FUZZ_LIB)

fuzz-run: fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD=$(FUZZ_BUILD) sh fuzz/run.sh $(FUZZ_NAMES)

# Benchmarks: built by CI, run only on demand.
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
BENCH_PKGS := $(shell pkg-config --exists gmime-3.0 2>/dev/null && echo gmime-3.0)
BENCH_DEFS := $(if $(BENCH_PKGS),-DHAVE_GMIME=1)
BENCH_BIN := $(BUILD)/bench/eml-bench

$(BENCH_BIN): $(BENCH_SRC) $(LIB_A) $(wildcard tests/bench/*.h)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -D_GNU_SOURCE $(SAN_FLAGS) -Iinclude -Ilib $(BENCH_DEFS) \
	  $(if $(BENCH_PKGS),$(shell pkg-config --cflags $(BENCH_PKGS))) -o $@ $(BENCH_SRC) $(LIB_A) \
	  $(if $(BENCH_PKGS),$(shell pkg-config --libs $(BENCH_PKGS))) -lm

bench-build: $(BENCH_BIN)
PY_BENCH_CORPUS ?= ../shared/corpus
PY_BENCH_ARGS ?=
# Then the Node binding against mailparser and postal-mime on the corpus,
# when node and the packages of bindings/node (npm ci) are there.
NODE_BENCH_ROUNDS ?= 5
bench: $(BENCH_BIN) lib
	$(BENCH_BIN) $(BENCH_ARGS)
	@if command -v python3 >/dev/null 2>&1 && [ -d "$(PY_BENCH_CORPUS)" ]; then \
	  EML_LIBRARY=$(abspath $(LIB_SO_MAJOR)) python3 tests/bench/python_bench.py $(PY_BENCH_ARGS) "$(PY_BENCH_CORPUS)"; \
	else echo "python bench: python3 or $(PY_BENCH_CORPUS) missing, skipped"; fi
	@BUILD=$(BUILD) sh tests/bench/rust.sh
	@if ! command -v node >/dev/null 2>&1; then echo "node bench: node not installed, skipped"; \
	elif [ ! -d bindings/node/node_modules/mailparser ] || [ ! -d bindings/node/node_modules/postal-mime ]; then \
	  echo "node bench: packages missing (npm ci --prefix bindings/node), skipped"; \
	else EML_LIBRARY=$(CURDIR)/$(BUILD)/libeml.so.$(VERSION_MAJOR) node bindings/node/bench/corpus.js --rounds $(NODE_BENCH_ROUNDS); fi
	@BUILD=$(BUILD) sh tests/bench/go.sh $(GO_BENCH_ARGS)

# Side by side against another revision: make bench-compare BASE=REV
# [ROUNDS=N] [BENCH_ARGS=--quick]. REV is built in a temporary worktree.
BASE ?= HEAD~1
ROUNDS ?= 5
bench-compare: $(BENCH_BIN)
	@set -e; dir=$$(mktemp -d); trap 'git worktree remove --force "$$dir/base" >/dev/null 2>&1; rm -rf "$$dir"' EXIT; \
	git worktree add -q --detach "$$dir/base" $(BASE); \
	$(MAKE) -s -C "$$dir/base" bench-build >/dev/null; \
	python3 tests/bench/compare.py "$$dir/base/$(BENCH_BIN)" $(BENCH_BIN) --rounds $(ROUNDS) -- $(BENCH_ARGS)

PATHO_SRC := $(sort $(wildcard tests/pathological/*.c))
PATHO_BIN := $(BUILD)/bench/eml-pathological

$(PATHO_BIN): $(PATHO_SRC) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -D_GNU_SOURCE $(SAN_FLAGS) -Iinclude -Ilib -o $@ $(PATHO_SRC) $(LIB_A) -lm

bench-pathological: $(PATHO_BIN)
	$(PATHO_BIN) $(PATHO_ARGS)

# Install.
# Regenerated on every install: it records PREFIX, which may differ from
# the previous run while the template has not changed.
.PHONY: $(BUILD)/libeml.pc
$(BUILD)/libeml.pc: lib/libeml.pc.in include/eml.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' $< > $@

MAN1 := $(wildcard man/man1/*.1)
MAN3 := $(wildcard man/man3/*.3)

install: all $(BUILD)/libeml.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 644 include/eml.h $(DESTDIR)$(INCLUDEDIR)/eml.h
	$(INSTALL) -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libeml.a
	$(INSTALL) -m 755 $(LIB_SO_REAL) $(DESTDIR)$(LIBDIR)/libeml.so.$(VERSION)
	ln -sf libeml.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libeml.so.$(VERSION_MAJOR)
	ln -sf libeml.so.$(VERSION_MAJOR) $(DESTDIR)$(LIBDIR)/libeml.so
	$(INSTALL) -m 644 $(BUILD)/libeml.pc $(DESTDIR)$(PKGCONFIGDIR)/libeml.pc
	$(INSTALL) -m 755 $(TOOL) $(DESTDIR)$(BINDIR)/eml
	$(if $(MAN1),$(INSTALL) -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN3),$(INSTALL) -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3/)

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/eml.h $(DESTDIR)$(LIBDIR)/libeml.a \
	  $(DESTDIR)$(LIBDIR)/libeml.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libeml.so.$(VERSION_MAJOR) \
	  $(DESTDIR)$(LIBDIR)/libeml.so $(DESTDIR)$(PKGCONFIGDIR)/libeml.pc $(DESTDIR)$(BINDIR)/eml
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(MAN3)))

clean:
	rm -rf build build-asan build-fuzz build-tsan
