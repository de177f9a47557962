# The four rules the national benchmark (BENCHMARKS.md) evaluates both in vtcheck and, written
# here in Rego, in the regorus policy engine: VT-T01 (veiligheidsbeoordeling binnen 5
# werkdagen), VT-O01 (overdracht schriftelijk, met document), VT-A01 (advies zonder
# betrokkenen) and VT-V05's prohibition patterns (`verboden` in rules/voorwaarden.yaml).
#
# input: one dossier, dossier format v1 as JSON (a line of a JSON Lines export).
# data.vtcheck:
#   peildag            the as-of date as a day number (days since 1970-01-01)
#   feestdagen         the Algemene termijnenwet holidays, an object keyed by day number (in
#                      decimal), taken from vtcheck's calendar so both engines count the same
#                      werkdagen; a lookup, so that no dossier builds a set of them again
#   verboden           the prohibition phrases, split into parts (around "...") of word slots
#                      of alternatives ("mag/mogen" -> ["mag", "mogen"])
#   max_tussenwoorden  most words between two parts of a phrase
#
# Output: `uitkomsten`, a set of [regel, item, status] with status pass, violation or open (the
# counting conventions of protocol-2019-rules.md); not_applicable pairs are absent.
package vtcheck

import rego.v1

ns_per_dag := 86400000000000

# Day number of a date or date-time ("2025-03-07", "2025-03-07T10:15").
dag(s) := floor(time.parse_ns("2006-01-02", substring(s, 0, 10)) / ns_per_dag)

# Monday to Friday (1970-01-01 was a Thursday), not a public holiday.
werkdag(d) if {
	((d + 3) % 7) < 5
	not data.vtcheck.feestdagen[format_int(d, 10)]
}

# The n-th working day strictly after day `start` (at most four days off in a row in the Atw
# calendar, so 2n + 14 days always hold n working days).
werkdagen_na(start, n) := [d |
	some k in numbers.range(1, (2 * n) + 14)
	d := start + k
	werkdag(d)
][n - 1]

gebeurtenissen := object.get(input, "gebeurtenissen", [])

# --- VT-T01: veiligheidsbeoordeling binnen 5 werkdagen na ontvangst -------------------------

ontvangen := dag(input.ontvangen)

t01_termijn := werkdagen_na(ontvangen, 5)

# B is the first veiligheidsbeoordeling dated on or after A (the day of ontvangst).
beoordelingen := [b |
	some e in gebeurtenissen
	e.soort == "veiligheidsbeoordeling"
	b := dag(e.datum)
	b >= ontvangen
]

t01 := "pass" if {
	count(beoordelingen) > 0
	min(beoordelingen) <= t01_termijn
} else := "violation" if {
	count(beoordelingen) > 0
} else := "violation" if {
	data.vtcheck.peildag > t01_termijn
} else := "open"

uitkomsten contains ["VT-T01", "", t01] if input.soort == "melding"

# --- VT-O01: elke overdracht schriftelijk, met een document --------------------------------

overdrachten := [e | some e in gebeurtenissen; e.soort == "overdracht"]

gevuld(x) if {
	is_string(x)
	trim_space(x) != ""
}

o01(e) := "pass" if {
	e.schriftelijk == true
	gevuld(object.get(e, "document", null))
} else := "violation"

uitkomsten contains ["VT-O01", sprintf("overdracht[%d]", [i + 1]), o01(e)] if {
	some i, e in overdrachten
}

# --- VT-A01: een advies legt geen betrokkenen vast ------------------------------------------

a01 := "pass" if {
	count(object.get(input, "betrokkenen", [])) == 0
} else := "violation"

uitkomsten contains ["VT-A01", "", a01] if input.soort == "advies"

# --- VT-V05, verbodspatronen: een voorwaarde verbiedt niet ("mag ... niet", "verboden") ------

# The text as vtcheck's lexicons read it (src/text/token.rs, `fold_char`): lower case, without
# accents (precomposed, or combining marks) and without the characters a reader does not see
# (src/chars.rs, `is_invisible`: soft hyphen, zero-width space and joiners, direction marks,
# word joiner, variation selectors, BOM, tags), which vtcheck drops and reads a word across;
# typographic apostrophes and hyphens as ASCII.
gevouwen(t) := regex.replace(
	strings.replace_n(accenten, lower(t)),
	`[\x{00AD}\x{0300}-\x{036F}\x{061C}\x{180B}-\x{180F}\x{1AB0}-\x{1AFF}\x{1DC0}-\x{1DFF}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{206F}\x{20D0}-\x{20FF}\x{FE00}-\x{FE0F}\x{FE20}-\x{FE2F}\x{FEFF}\x{E0001}\x{E0020}-\x{E007F}\x{E0100}-\x{E01EF}]`,
	"",
)

accenten := {
	"à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "ā": "a",
	"è": "e", "é": "e", "ê": "e", "ë": "e", "ē": "e",
	"ì": "i", "í": "i", "î": "i", "ï": "i", "ī": "i",
	"ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ø": "o", "ō": "o",
	"ù": "u", "ú": "u", "û": "u", "ü": "u", "ū": "u",
	"ý": "y", "ÿ": "y", "ç": "c", "ñ": "n", "ĳ": "ij",
	"’": "'", "‘": "'", "´": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-",
}

# Clauses, approximately: vtcheck ends one at an ellipsis, at `!` and `?`, at `.`, `;` and `:`
# (with a closing bracket or quote after it) before a space or the end, not in "8.30" or
# "8:15", and at a blank line. Its other clause ends (commas, conjunctions, subordinate
# clauses, a line break before a capital) and its abbreviations are not written here (see
# BENCHMARKS.md).
zinsdelen(t) := regex.split(`(?:\.\.\.|…)\s*|[.!?;:]+["')\]”]*(?:\s+|$)|[!?]+|\n\s*\n`, gevouwen(t))

# Tokens of a clause, as UAX #29 and vtcheck cut them, approximately: a number with decimal
# commas ("2,5"); an elision ("'s", "'t", "'24"); a word of letters and digits, joined by a
# hyphen, an apostrophe, a full stop or a colon inside it ("niet-toegestaan", "zo'n", "8.30",
# "8:15", "1.000"); else any single character but a space, a punctuation mark, which a gap counts
# and a phrase of several words does not match across ("niet, toegestaan"). One expression, the
# alternatives tried in this order; regorus caps a compiled one at 100 KB, hence the ASCII
# digits and word boundary where Unicode classes would not fit.
woorden(zinsdeel) := regex.find_n(
	`[0-9]+(?:,[0-9]+)+|'(?:ns|em|[stnkmr]|[0-9][0-9])(?-u:\b)|[\p{L}\p{N}]+(?:['.:-][\p{L}\p{N}]+)*|\S`,
	zinsdeel,
	-1,
)

# Part `deel` (word slots of alternatives) stands at word i.
deel_op(ws, deel, i) if {
	every j, alternatieven in deel {
		ws[i + j] in alternatieven
	}
}

# A phrase of one part.
verbod(ws) if {
	some frase in data.vtcheck.verboden
	count(frase) == 1
	some i, _ in ws
	deel_op(ws, frase[0], i)
}

# A phrase "a ... b": b starts at most max_tussenwoorden words after the end of a.
verbod(ws) if {
	some frase in data.vtcheck.verboden
	count(frase) == 2
	some i, _ in ws
	deel_op(ws, frase[0], i)
	some k in numbers.range(0, data.vtcheck.max_tussenwoorden)
	deel_op(ws, frase[1], (i + count(frase[0])) + k)
}

v05(tekst) := "violation" if {
	some zinsdeel in zinsdelen(tekst)
	verbod(woorden(zinsdeel))
} else := "pass"

uitkomsten contains ["VT-V05", v.id, v05(v.tekst)] if {
	some v in object.get(input, "voorwaarden", [])
}
