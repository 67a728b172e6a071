// libedit's native API (histedit.h) for Swift. el_set, el_get and history are variadic, which
// Swift cannot call, so each use gets a small static inline wrapper here; the Swift importer
// compiles them, so no .c file is needed. Only SGLabTerminal imports this module.
#ifndef SGLAB_CEDITLINE_SHIM_H
#define SGLAB_CEDITLINE_SHIM_H

#include <histedit.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

// Swift 6 rejects glibc's mutable globals ("reference to var 'stdin' is not concurrency-safe").
static inline FILE *_Nonnull cel_stdin(void)  { return stdin; }
static inline FILE *_Nonnull cel_stdout(void) { return stdout; }
static inline FILE *_Nonnull cel_stderr(void) { return stderr; }

typedef char *_Nullable (*cel_prompt_fn)(EditLine *_Nonnull);
typedef unsigned char (*cel_command_fn)(EditLine *_Nonnull, int);

static inline int cel_set_prompt_esc(EditLine *_Nonnull el, cel_prompt_fn _Nonnull fn, char esc)
    { return el_set(el, EL_PROMPT_ESC, fn, esc); }
static inline int cel_set_editor(EditLine *_Nonnull el, const char *_Nonnull mode)
    { return el_set(el, EL_EDITOR, mode); }
static inline int cel_set_signal(EditLine *_Nonnull el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int cel_add_function(EditLine *_Nonnull el, const char *_Nonnull name,
                                   const char *_Nonnull help, cel_command_fn _Nonnull fn)
    { return el_set(el, EL_ADDFN, name, help, fn); }
static inline int cel_bind(EditLine *_Nonnull el, const char *_Nonnull key, const char *_Nonnull cmd)
    { return el_set(el, EL_BIND, key, cmd, NULL); }
// "setty -d -isig": while editing, ^C is a key that reaches libedit, not a SIGINT.
static inline int cel_edit_mode_without_isig(EditLine *_Nonnull el)
    { return el_set(el, EL_SETTY, "-d", "-isig", NULL); }
static inline int cel_set_history(EditLine *_Nonnull el, History *_Nonnull h)
    { return el_set(el, EL_HIST, history, h); }
static inline int cel_set_client_data(EditLine *_Nonnull el, void *_Nullable data)
    { return el_set(el, EL_CLIENTDATA, data); }
static inline void *_Nullable cel_get_client_data(EditLine *_Nonnull el)
    { void *p = NULL; el_get(el, EL_CLIENTDATA, &p); return p; }

static inline int cel_history_setsize(History *_Nonnull h, int n)    { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int cel_history_setunique(History *_Nonnull h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int cel_history_enter(History *_Nonnull h, const char *_Nonnull s) { HistEvent ev; return history(h, &ev, H_ENTER, s); }
static inline int cel_history_load(History *_Nonnull h, const char *_Nonnull p)  { HistEvent ev; return history(h, &ev, H_LOAD, p); }
static inline int cel_history_save(History *_Nonnull h, const char *_Nonnull p)  { HistEvent ev; return history(h, &ev, H_SAVE, p); }

#endif
