/* The output functions ahc's runtime provides to test programs (`foreign import ccall`),
 * for the native GHC build of the same programs (differential testing). Each must print
 * exactly what crates/ahc-rts/src/io.rs prints. */
#include <stdio.h>
#include <stdint.h>
#include "HsFFI.h"

void print_int(HsInt x) { printf("%lld\n", (long long)x); }
void print_word(HsWord x) { printf("%llu\n", (unsigned long long)x); }
void print_double(HsDouble d) { printf("%.17g\n", d); }
void print_string(const char *s) { fputs(s, stdout); }
void print_newline(void) { putchar('\n'); }

void print_char(HsWord c) {
    unsigned long u = (unsigned long)c;
    if (u < 0x80) {
        putchar((int)u);
    } else if (u < 0x800) {
        putchar(0xc0 | (u >> 6));
        putchar(0x80 | (u & 0x3f));
    } else if (u < 0x10000) {
        putchar(0xe0 | (u >> 12));
        putchar(0x80 | ((u >> 6) & 0x3f));
        putchar(0x80 | (u & 0x3f));
    } else {
        putchar(0xf0 | (u >> 18));
        putchar(0x80 | ((u >> 12) & 0x3f));
        putchar(0x80 | ((u >> 6) & 0x3f));
        putchar(0x80 | (u & 0x3f));
    }
}
