/*
 * The scenario parser.  Operations are parsed from the operation table
 * and set-up commands from theirs (setup_cmds.h): positional fields in
 * order, then keyword fields in any order.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "scenario.h"
#include "setup_cmds.h"

#define MAX_TOKENS 32
#define MAX_LINE 1024

void
scenario_init(struct scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	uvmlab_params_default(&sc->params);
}

void
scenario_fini(struct scenario *sc)
{
	free(sc->ops);
	memset(sc, 0, sizeof(*sc));
}

bool
scenario_parse_num(const char *tok, uint64_t *out)
{
	static const char units[] = "KMGT";
	int base = 10;
	uint64_t v = 0;
	const char *p = tok;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	const char *digits = p;
	for (; *p != '\0' && isxdigit((unsigned char)*p); p++) {
		int d = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
		if (d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (p == digits)
		return false;
	if (*p != '\0') {
		const char *u = strchr(units, *p);
		if (u == NULL || p[1] != '\0')
			return false;
		for (long k = 0; k <= u - units; k++) {
			if (v > UINT64_MAX / 1024)
				return false;
			v *= 1024;
		}
	}
	*out = v;
	return true;
}

struct parser {
	const char *fname;
	unsigned line;
	char *err;
	size_t errlen;
	char *tok[MAX_TOKENS];
	unsigned ntok;
};

static int
perr(struct parser *ps, const char *fmt, ...)
{
	int n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->fname, ps->line);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
num_arg(struct parser *ps, unsigned i, const char *what, uint64_t max, uint64_t *out)
{
	if (i >= ps->ntok)
		return perr(ps, "%s: missing %s", ps->tok[0], what);
	if (!scenario_parse_num(ps->tok[i], out))
		return perr(ps, "%s: bad number '%s' for %s", ps->tok[0], ps->tok[i], what);
	if (*out > max)
		return perr(ps, "%s: %s %s is larger than %" PRIu64, ps->tok[0], what, ps->tok[i],
			    max);
	return 0;
}

static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= OP_NAME_MAX || !isalpha((unsigned char)s[0]))
		return false;
	for (; *s; s++) {
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '-')
			return false;
	}
	return true;
}

static int
parse_range(struct parser *ps, const char *tok, uint64_t *first, uint64_t *last)
{
	char buf[MAX_LINE];
	snprintf(buf, sizeof(buf), "%s", tok); /* a token is shorter than a line */
	char *dash = strchr(buf, '-');

	if (dash != NULL)
		*dash = '\0';
	if (!scenario_parse_num(buf, first) ||
	    (dash != NULL ? !scenario_parse_num(dash + 1, last) : (*last = *first, false)))
		return perr(ps, "%s: bad pfn range '%s'", ps->tok[0], tok);
	return 0;
}

static int
parse_field(struct parser *ps, const struct field_desc *f, unsigned *i, struct op *op)
{
	const char *t = ps->tok[*i];

	switch (f->kind) {
	case FK_NAME:
		if (!name_ok(t))
			return perr(ps, "%s: bad name '%s' (a letter, then letters, digits, _ . -; "
					"at most %d)",
				    ps->tok[0], t, OP_NAME_MAX - 1);
		name_copy(op_name(op, f), t);
		return 0;
	case FK_NUM:
		return num_arg(ps, *i, f->keyword ? f->keyword : "size", UINT64_MAX,
			       &op->slot[f->slot]);
	case FK_RANGE:
		return parse_range(ps, t, &op->slot[f->slot], &op->slot[f->slot + 1]);
	case FK_FLAG:
		op->slot[f->slot] = 1;
		return 0;
	}
	return perr(ps, "internal: unknown field kind");
}

static int
parse_op(struct parser *ps, enum op_code code, struct op *op)
{
	const struct op_desc *d = op_table[code];
	unsigned i = 1, k = 0;
	bool seen[OP_MAX_FIELDS] = {false};

	op_set_defaults(op, code);
	op->line = ps->line;
	for (; k < d->nfields && d->fields[k].keyword == NULL; k++, i++) {
		if (i >= ps->ntok)
			return perr(ps, "%s: missing argument %u", d->name, k + 1);
		if (parse_field(ps, &d->fields[k], &i, op) != 0)
			return -1;
	}
	for (; i < ps->ntok; i++) {
		unsigned f;
		for (f = k; f < d->nfields; f++) {
			if (strcmp(ps->tok[i], d->fields[f].keyword) == 0)
				break;
		}
		if (f == d->nfields)
			return perr(ps, "%s: unexpected '%s'", d->name, ps->tok[i]);
		if (seen[f])
			return perr(ps, "%s: '%s' given twice", d->name, ps->tok[i]);
		seen[f] = true;
		if (d->fields[f].kind != FK_FLAG)
			i++;
		if (i >= ps->ntok)
			return perr(ps, "%s: '%s' needs a value", d->name, d->fields[f].keyword);
		if (parse_field(ps, &d->fields[f], &i, op) != 0)
			return -1;
	}
	return 0;
}

/* One argument's value from token i. */
static int
parse_setup_arg(struct parser *ps, const struct setup_arg *a, unsigned i, void *base)
{
	uint64_t v;

	if (a->kind == SA_STRATEGY) {
		if (i >= ps->ntok ||
		    uvmlab_strategy_parse(ps->tok[i], &((struct uvmlab_params *)base)->strategy) != 0)
			return perr(ps, "%s: expected faithful, fixed, bitmap or fast", ps->tok[0]);
		return 0;
	}
	if (num_arg(ps, i, a->label, a->kind == SA_NUM64 ? UINT64_MAX : UINT32_MAX, &v) != 0)
		return -1;
	setup_set_field(base, a, v);
	return 0;
}

/*
 * A set-up command, by its row (setup_cmds.h): positional arguments in
 * order, then keyword groups in any order.  A segment's keyword
 * arguments not given take their defaults; a parameters command changes
 * only the fields it names.
 */
static int
parse_setup(struct parser *ps, struct scenario *sc)
{
	const struct setup_cmd *c = setup_cmd_lookup(ps->tok[0]);
	struct seg_spec seg = {0};
	bool seen[SETUP_MAX_ARGS] = {false};
	unsigned k = 0, i = 1;

	if (c == NULL)
		return perr(ps, "unknown command '%s'", ps->tok[0]);
	if (c->target == SETUP_SEGMENT && sc->nsegs == SCENARIO_MAX_SEGS)
		return perr(ps, "%s: more than %d segments", c->name, SCENARIO_MAX_SEGS);
	void *base = c->target == SETUP_SEGMENT ? (void *)&seg : (void *)&sc->params;

	for (; k < c->nargs && c->args[k].keyword == NULL; k++, i++) {
		if (parse_setup_arg(ps, &c->args[k], i, base) != 0)
			return -1;
	}
	while (i < ps->ntok) {
		const char *kw = ps->tok[i++];
		unsigned f = k;
		while (f < c->nargs && strcmp(kw, c->args[f].keyword) != 0)
			f++;
		if (f == c->nargs)
			return perr(ps, "%s: unexpected '%s'", c->name, kw);
		if (seen[f])
			return perr(ps, "%s: '%s' given twice", c->name, kw);
		for (; f < c->nargs && strcmp(c->args[f].keyword, kw) == 0; f++, i++) {
			seen[f] = true;
			if (parse_setup_arg(ps, &c->args[f], i, base) != 0)
				return -1;
		}
	}
	if (c->target == SETUP_SEGMENT) {
		setup_fill_defaults(c, &seg, seen);
		seg.line = ps->line;
		sc->segs[sc->nsegs++] = seg;
	}
	return 0;
}

static int
tokenize(struct parser *ps, char *line)
{
	char *hash = strchr(line, '#');

	if (hash != NULL)
		*hash = '\0';
	ps->ntok = 0;
	for (char *t = strtok(line, " \t\r\n"); t != NULL; t = strtok(NULL, " \t\r\n")) {
		if (ps->ntok == MAX_TOKENS)
			return perr(ps, "too many words");
		ps->tok[ps->ntok++] = t;
	}
	return 0;
}

static int
push_op(struct scenario *sc, const struct op *op)
{
	if (grow((void **)&sc->ops, &sc->cap, sc->nops + 1, sizeof(*op)) != 0)
		return ENOMEM;
	sc->ops[sc->nops++] = *op;
	return 0;
}

int
scenario_parse(FILE *fp, const char *fname, struct scenario *sc, char *err, size_t errlen)
{
	struct parser ps = {.fname = fname, .err = err, .errlen = errlen};
	char line[MAX_LINE];

	while (fgets(line, sizeof(line), fp) != NULL) {
		ps.line++;
		if (strchr(line, '\n') == NULL && !feof(fp))
			return perr(&ps, "line longer than %d characters", MAX_LINE - 2);
		if (tokenize(&ps, line) != 0)
			return -1;
		if (ps.ntok == 0)
			continue;
		enum op_code code = op_find(ps.tok[0]);
		if (code == OP_COUNT) {
			if (sc->nops > 0)
				return perr(&ps, "'%s' after the first operation (or unknown)",
					    ps.tok[0]);
			if (parse_setup(&ps, sc) != 0)
				return -1;
			continue;
		}
		struct op op;
		if (parse_op(&ps, code, &op) != 0)
			return -1;
		if (push_op(sc, &op) != 0)
			return perr(&ps, "out of memory");
	}
	if (ferror(fp))
		return perr(&ps, "read error");
	return 0;
}

int
scenario_build(const struct scenario *sc, const char *fname, struct uvm_machine **mp, char *err,
	       size_t errlen)
{
	struct uvm_machine *m;
	int error = uvmlab_machine_create(&sc->params, &m);

	if (error != 0) {
		snprintf(err, errlen, "%s: machine parameters rejected: %s", fname,
			 uvmlab_errno_name(error));
		return error;
	}
	/* NetBSD's boot frees pages bank by bank in address order, so the
	 * segments are loaded in that order, whatever order the file gives */
	unsigned order[SCENARIO_MAX_SEGS];
	for (unsigned i = 0; i < sc->nsegs; i++) {
		unsigned k = i;
		for (; k > 0 && sc->segs[order[k - 1]].start > sc->segs[i].start; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (unsigned i = 0; i < sc->nsegs; i++) {
		const struct seg_spec *s = &sc->segs[order[i]];
		error = uvm_page_physload(m, s->start, s->end, s->avail_start, s->avail_end,
					  s->freelist, s->bucket);
		if (error != 0) {
			snprintf(err, errlen, "%s:%u: segment rejected: %s (%s)", fname, s->line,
				 uvmlab_errno_name(error),
				 error == EINVAL ? "empty, overlapping, avail outside it, or an "
						   "unknown free list or bucket"
						 : "too many segments, or too many pages for the model");
			uvmlab_machine_destroy(m);
			return error;
		}
	}
	*mp = m;
	return 0;
}
