// What Swift cannot import from ncurses directly: attribute macros, mutable globals and
// function-like macros, wrapped as constants and small functions (see NCURSES-NOTES.md).
#ifndef MDMCONSOLE_CNCURSES_SHIM_H
#define MDMCONSOLE_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static const attr_t mdm_attr_normal = A_NORMAL;
static const attr_t mdm_attr_bold = A_BOLD;
static const attr_t mdm_attr_dim = A_DIM;
static const attr_t mdm_attr_reverse = A_REVERSE;
static const attr_t mdm_attr_underline = A_UNDERLINE;

static inline WINDOW *mdm_stdscr(void) { return stdscr; }
static inline int mdm_lines(void) { return LINES; }
static inline int mdm_cols(void) { return COLS; }
static inline int mdm_colors(void) { return COLORS; }
static inline int mdm_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *mdm_stdout(void) { return stdout; }
static inline FILE *mdm_stdin(void) { return stdin; }

/// Puts one cell (up to 4 code points: a character and its combining marks) at y, x.
static inline int mdm_put_cell(int y, int x, const wchar_t *characters, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, characters, attributes, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// The terminal can move the cursor (TERM=dumb cannot: the console refuses it).
static inline int mdm_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// The terminal has an alternate screen (smcup) that endwin() leaves, restoring what was
/// there before; vt100 and the Linux console have none.
static inline int mdm_has_alternate_screen(void) {
    char *smcup = tigetstr("smcup");
    return smcup != NULL && smcup != (char *)-1 && smcup[0] != 0;
}

/// Whether the locale's character set is UTF-8 (otherwise the console draws in ASCII).
static inline int mdm_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/// A crash must not leave the terminal in raw mode: restore it, then die as before.
static void mdm_crash_handler(int signal_number) {
    endwin();
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static inline void mdm_install_crash_handlers(void) {
    signal(SIGSEGV, mdm_crash_handler);
    signal(SIGBUS, mdm_crash_handler);
    signal(SIGILL, mdm_crash_handler);
    signal(SIGTRAP, mdm_crash_handler);
    signal(SIGABRT, mdm_crash_handler);
    signal(SIGFPE, mdm_crash_handler);
}

/// Clicks, double-clicks and the wheel (no motion: it would flood an SSH link); 200 ms tells
/// a double click from two clicks.
static inline void mdm_enable_mouse(void) {
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(200);
}

static inline void mdm_disable_mouse(void) { mousemask(0, NULL); }

/// The pending mouse event: 1 click, 2 double click, 3 wheel up, 4 wheel down; 0 none.
static inline int mdm_mouse_event(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (event.bstate & BUTTON1_CLICKED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 3;
    if (event.bstate & BUTTON5_PRESSED) return 4;
    return 0;
}

#endif
