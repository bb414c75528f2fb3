/*
 * The set-up command rows, and the printer that writes a scenario's
 * set-up back from them.
 */
#include <inttypes.h>
#include <string.h>

#include "setup_cmds.h"

_Static_assert(sizeof(unsigned) == sizeof(uint32_t) && sizeof(uvmlab_pfn_t) == sizeof(uint32_t),
	       "set-up values are written as 32-bit fields, SA_NUM64's as 64-bit");

#define PARAM(f) offsetof(struct uvmlab_params, f)
#define SEG(f) offsetof(struct seg_spec, f)

const struct setup_cmd setup_cmds[] = {
	{"strategy", SETUP_PARAMS, true, 1, {{NULL, "NAME", SA_STRATEGY, PARAM(strategy), 0}}},
	{"reserve",
	 SETUP_PARAMS,
	 false,
	 2,
	 {{NULL, "PAGEDAEMON", SA_NUM, PARAM(reserve_pagedaemon), 0},
	  {NULL, "KERNEL", SA_NUM, PARAM(reserve_kernel), 0}}},
	{"freelists", SETUP_PARAMS, false, 1, {{NULL, "freelists", SA_NUM, PARAM(nfreelists), 0}}},
	{"colors", SETUP_PARAMS, false, 1, {{NULL, "colors", SA_NUM, PARAM(ncolors), 0}}},
	{"buckets", SETUP_PARAMS, false, 1, {{NULL, "buckets", SA_NUM, PARAM(nbuckets), 0}}},
	{"kernel", SETUP_PARAMS, false, 1, {{NULL, "PAGES", SA_NUM, PARAM(kva_pages), 0}}},
	{"memlimit", SETUP_PARAMS, false, 1, {{NULL, "BYTES", SA_NUM64, PARAM(memlimit), 0}}},
	{"segment",
	 SETUP_SEGMENT,
	 true,
	 6,
	 {{NULL, "START", SA_NUM, SEG(start), 0},
	  {NULL, "END", SA_NUM, SEG(end), 0},
	  {"avail", "A_START", SA_NUM, SEG(avail_start), SEG(start)},
	  {"avail", "A_END", SA_NUM, SEG(avail_end), SEG(end)},
	  {"freelist", "freelist", SA_NUM, SEG(freelist), SETUP_DFLT_ZERO},
	  {"bucket", "bucket", SA_NUM, SEG(bucket), SETUP_DFLT_ZERO}}},
};

const size_t setup_ncmds = sizeof(setup_cmds) / sizeof(setup_cmds[0]);

const struct setup_cmd *
setup_cmd_lookup(const char *word)
{
	for (size_t i = 0; i < setup_ncmds; i++) {
		if (strcmp(word, setup_cmds[i].name) == 0)
			return &setup_cmds[i];
	}
	return NULL;
}

uint64_t
setup_field(const void *base, const struct setup_arg *a)
{
	const char *at = (const char *)base + a->offset;

	if (a->kind == SA_NUM64) {
		uint64_t v;
		memcpy(&v, at, sizeof(v));
		return v;
	}
	uint32_t v;
	memcpy(&v, at, sizeof(v));
	return v;
}

void
setup_set_field(void *base, const struct setup_arg *a, uint64_t v)
{
	char *at = (char *)base + a->offset;

	if (a->kind == SA_NUM64) {
		memcpy(at, &v, sizeof(v));
	} else {
		uint32_t w = (uint32_t)v;
		memcpy(at, &w, sizeof(w));
	}
}

/* The value of argument a of a command over `base`, and its default
 * (`dflts`: the default parameters, for a SETUP_PARAMS row). */
static uint64_t
dflt_of(const struct setup_arg *a, const void *base, const void *dflts)
{
	if (dflts != NULL)
		return setup_field(dflts, a);
	if (a->dflt == SETUP_DFLT_ZERO)
		return 0;
	const struct setup_arg from = {NULL, NULL, a->kind, a->dflt, 0};
	return setup_field(base, &from);
}

void
setup_fill_defaults(const struct setup_cmd *c, void *base, const bool *given)
{
	for (unsigned i = 0; i < c->nargs; i++) {
		const struct setup_arg *a = &c->args[i];
		if (a->keyword != NULL && !given[i]) {
			setup_set_field(base, a, dflt_of(a, base, NULL));
		}
	}
}

/* Print one command over `base`; keyword groups at their defaults are
 * left out. */
static void
print_cmd(const struct setup_cmd *c, const void *base, const void *dflts, FILE *fp)
{
	fputs(c->name, fp);
	for (unsigned i = 0; i < c->nargs;) {
		const struct setup_arg *a = &c->args[i];
		unsigned j = i + 1;
		bool differs = dflt_of(a, base, dflts) != setup_field(base, a);
		for (; a->keyword != NULL && j < c->nargs && c->args[j].keyword != NULL &&
		       strcmp(c->args[j].keyword, a->keyword) == 0;
		     j++)
			differs |= dflt_of(&c->args[j], base, dflts) != setup_field(base, &c->args[j]);
		if (a->keyword != NULL && !differs) {
			i = j;
			continue;
		}
		if (a->keyword != NULL)
			fprintf(fp, " %s", a->keyword);
		for (; i < j; i++) {
			if (c->args[i].kind == SA_STRATEGY)
				fprintf(fp, " %s",
					uvmlab_strategy_name(((const struct uvmlab_params *)base)->strategy));
			else
				fprintf(fp, " %" PRIu64, setup_field(base, &c->args[i]));
		}
	}
	fputc('\n', fp);
}

/* Does a parameters row differ from the defaults anywhere? */
static bool
params_differ(const struct setup_cmd *c, const struct uvmlab_params *p,
	      const struct uvmlab_params *d)
{
	for (unsigned i = 0; i < c->nargs; i++) {
		if (c->args[i].kind == SA_STRATEGY ? p->strategy != d->strategy
						   : setup_field(p, &c->args[i]) != setup_field(d, &c->args[i]))
			return true;
	}
	return false;
}

unsigned
scenario_print_setup(const struct scenario *sc, FILE *fp)
{
	struct uvmlab_params d;
	unsigned n = 0;

	uvmlab_params_default(&d);
	for (size_t k = 0; k < setup_ncmds; k++) {
		const struct setup_cmd *c = &setup_cmds[k];
		if (c->target == SETUP_SEGMENT) {
			for (unsigned i = 0; i < sc->nsegs; i++, n++) {
				if (fp != NULL)
					print_cmd(c, &sc->segs[i], NULL, fp);
			}
		} else if (c->always || params_differ(c, &sc->params, &d)) {
			n++;
			if (fp != NULL)
				print_cmd(c, &sc->params, &d, fp);
		}
	}
	return n;
}
