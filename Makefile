# Build, install and package mdmconsole. `make` builds a release binary with the Swift runtime
# linked in (it needs only libc, SQLite and ncursesw on the machine it runs on);
# `make install PREFIX=/usr/local` (and DESTDIR=… for staging) installs it with its man pages,
# shell completions and examples; `make deb` builds a Debian package from the same tree.
# Always a release build: a debug build's static link of Foundation is not supported by
# the toolchain (ICU and CoreFoundation references left unresolved).

PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION := release
VERSION := $(shell sed -n 's/.*static let number = "\(.*\)"/\1/p' Sources/MDMCore/Store/ProgramVersion.swift)
STAGE := .build/stage-$(CONFIGURATION)
BIN := $(STAGE)/bin/mdmconsole
MANPAGES := $(STAGE)/man

BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
SHAREDIR = $(DESTDIR)$(PREFIX)/share/mdmconsole
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all build man completions install uninstall deb

# Each stage is a file that is remade only when a source is newer, so `make install` and
# `make deb` after `make` reuse its binary and pages instead of asking SwiftPM and the manual
# plugin again (each ask takes tens of seconds on a package of this size, even with nothing
# to do).
SOURCES := Package.swift $(shell find Sources -name '*.swift')
COMPLETIONS := $(STAGE)/completions/mdmconsole.bash $(STAGE)/completions/_mdmconsole $(STAGE)/completions/mdmconsole.fish

all: build man completions
build: $(BIN)
man: $(MANPAGES)/mdmconsole.1
completions: $(COMPLETIONS)

# The man pages come from the command definitions, the same in any build: the plugin reads
# them from the debug build (`swift build`'s, usually there already) rather than build every
# product once more in release.
$(MANPAGES)/mdmconsole.1: $(SOURCES)
	swift package --disable-sandbox plugin generate-manual --configuration debug --multi-page \
	    --authors "mdmconsole developers" --section 1
	rm -rf $(MANPAGES) && mkdir -p $(MANPAGES)
	cp .build/plugins/GenerateManual/outputs/mdmconsole/mdmconsole*.1 $(MANPAGES)/

# After the pages: both builds would otherwise wait on SwiftPM's lock of .build.
$(BIN): $(SOURCES) | $(MANPAGES)/mdmconsole.1
	swift build -c $(CONFIGURATION) --static-swift-stdlib --product mdmconsole
	mkdir -p $(STAGE)/bin
	cp .build/$(CONFIGURATION)/mdmconsole $(BIN)
	strip $(BIN)

$(STAGE)/completions/mdmconsole.bash: $(BIN)
	mkdir -p $(STAGE)/completions
	$(BIN) --generate-completion-script bash > $@
$(STAGE)/completions/_mdmconsole: $(BIN)
	mkdir -p $(STAGE)/completions
	$(BIN) --generate-completion-script zsh > $@
$(STAGE)/completions/mdmconsole.fish: $(BIN)
	mkdir -p $(STAGE)/completions
	$(BIN) --generate-completion-script fish > $@

install: all
	install -d $(BINDIR) $(MANDIR) $(SHAREDIR)/themes $(SHAREDIR)/keymaps $(SHAREDIR)/examples $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 0755 $(BIN) $(BINDIR)/mdmconsole
	install -m 0644 $(MANPAGES)/*.1 $(MANDIR)/
	install -m 0644 Themes/*.yaml $(SHAREDIR)/themes/
	install -m 0644 Keymaps/*.yaml $(SHAREDIR)/keymaps/
	install -m 0644 dist/systemd/mdmconsole-serve.service $(SHAREDIR)/examples/
	install -m 0644 $(STAGE)/completions/mdmconsole.bash $(BASHDIR)/mdmconsole
	install -m 0644 $(STAGE)/completions/_mdmconsole $(ZSHDIR)/_mdmconsole
	install -m 0644 $(STAGE)/completions/mdmconsole.fish $(FISHDIR)/mdmconsole.fish

# Removes exactly what install wrote (the man pages by the names this build generates).
uninstall:
	rm -f $(BINDIR)/mdmconsole $(BASHDIR)/mdmconsole $(ZSHDIR)/_mdmconsole $(FISHDIR)/mdmconsole.fish
	for page in $(notdir $(wildcard $(MANPAGES)/*.1)); do rm -f $(MANDIR)/$$page; done
	rm -rf $(SHAREDIR)

deb: all
	bash dist/debian/build-deb.sh $(VERSION)
