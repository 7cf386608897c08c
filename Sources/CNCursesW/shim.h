// The parts of ncursesw that Swift cannot use directly: macros (attributes, most
// window functions) and global variables (stdscr, LINES, COLS), wrapped as functions.
// Editing this file does not trigger a rebuild: touch a Swift file of TerminalCurses.
#ifndef FORKTALE_CNCURSESW_SHIM_H
#define FORKTALE_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline int ft_lines(void) { return LINES; }
static inline int ft_cols(void) { return COLS; }
static inline int ft_colors(void) { return COLORS; }
static inline int ft_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t ft_a_normal(void) { return A_NORMAL; }
static inline attr_t ft_a_bold(void) { return A_BOLD; }
static inline attr_t ft_a_dim(void) { return A_DIM; }
static inline attr_t ft_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ft_a_reverse(void) { return A_REVERSE; }

// Whether ncurses can draw on the terminal that TERM names, asked before `initscr`
// (which would print its own message and exit): 0 it can, 1 TERM names no terminal
// this system knows, 2 the terminal cannot move the cursor (TERM=dumb).
static inline int ft_check_terminal(void) {
    int error = 0;
    if (setupterm(NULL, STDOUT_FILENO, &error) != OK) return 1;
    char *move = tigetstr("cup");
    int result = (move == NULL || move == (char *)-1) ? 2 : 0;
    del_curterm(cur_term);
    return result;
}
static inline int ft_setup(void) {
    if (initscr() == NULL) return ERR;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    return OK;
}
static inline int ft_get_wch(wint_t *wch) { return wget_wch(stdscr, wch); }
static inline int ft_move(int y, int x) { return wmove(stdscr, y, x); }
static inline int ft_attr_set(attr_t attributes, short pair) { return wattr_set(stdscr, attributes, pair, NULL); }
static inline int ft_addnwstr(const wchar_t *text, int n) { return waddnwstr(stdscr, text, n); }
static inline int ft_refresh(void) { return wrefresh(stdscr); }
static inline int ft_clear(void) { return wclear(stdscr); }
static inline int ft_key_code_yes(void) { return KEY_CODE_YES; }

#endif
