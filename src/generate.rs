//! A seedable generator of realistic synthetic Veilig Thuis exports (`vtcheck generate`).
//!
//! Purpose: load tests, demos and regional comparisons without real case data. Every generated
//! dossier follows the dossier format `vtdossier/1` exactly and loads without input errors; which
//! norms it breaks is decided by the [`RegionProfile`] of its region, so a regional comparison of
//! a generated export shows a known, documented contrast.
//!
//! Properties:
//! - **Deterministic.** Dossier `i` is generated from its own random stream, derived from
//!   `(seed, i)` with SplitMix64 and drawn with xoshiro256**. Only integer arithmetic and IEEE
//!   comparisons are used (no `ln`, `cos`, ...), so the same seed, as-of date, region list, count
//!   and format give the same bytes on every platform.
//! - **Streaming.** One dossier at a time is generated into reused buffers and written out, so
//!   memory stays bounded for any count.
//! - **Regions.** Dossier `i` belongs to region `regions[i % k]` (round robin), so every region
//!   of a run gets `N / k` dossiers (±1). Ids are `GEN-<region abbreviation>-<number>`, numbered
//!   per region (`GEN-MB-000001`).
//! - **Dates.** Receipt dates are spread uniformly over the four years up to and including the
//!   as-of date, with fewer receipts at weekends and a time of day (mostly office hours). Each
//!   dossier's event chain is generated in full and then cut at the as-of date: no event,
//!   voorwaarde or acceptance date after the as-of date occurs.
//!
//! The national mix follows the public figures in `research/domain.md` §1.2 and §5.4: about 55 %
//! adviezen and 45 % meldingen (2024–25 volumes); after the veiligheidsbeoordeling most meldingen
//! are handed over directly, about a quarter go to voorwaarden en vervolg, about 6 % to an
//! onderzoek, and a few to a verzoek aan de Raad or einde bemoeienis; monitoring lasts about 18
//! months on average.
//!
//! **The data is synthetic.** The regional profiles are invented to give the regional
//! comparison a clear, testable contrast; they do not describe the actual performance of the
//! Veilig Thuis organisations whose region codes they use.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::calendar::Calendar;
use crate::dossier::regions::RegionTable;
use crate::dossier::schema;
use crate::suggest::help_for;

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// One SplitMix64 step: seeds the generator and derives per-dossier streams.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Small, fast and good enough for
/// synthetic data; not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator seeded with `seed` through SplitMix64; every seed, 0 included, gives a usable
    /// state.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut s = [0u64; 4];
        for w in &mut s {
            *w = splitmix64(&mut x);
        }
        if s == [0; 4] {
            s[0] = 1; // the one state xoshiro cannot leave
        }
        Rng { s }
    }

    /// An independent stream for item `stream` (a dossier index) under `seed`.
    pub fn for_stream(seed: u64, stream: u64) -> Rng {
        let mut x = seed;
        let base = splitmix64(&mut x);
        let mut y = base ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        Rng::new(splitmix64(&mut y))
    }

    /// The next 64 random bits (one xoshiro256** step); every other draw is made from these.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (0 when `n` is 0), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform in [0, 1) with 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `p`: never for `p <= 0`, always for `p >= 1`. It always draws one
    /// number, even for a `p` of 0 or 1.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An element of `xs`, each equally likely; `""` when `xs` is empty.
    pub fn pick(&mut self, xs: &[&'static str]) -> &'static str {
        xs.get(self.below(xs.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    }

    /// An index drawn with integer weights (0 when all weights are 0).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut r = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if r < u64::from(*w) {
                return i;
            }
            r -= u64::from(*w);
        }
        0
    }

    /// Failures before the first success with the given mean (geometric), at most `cap`.
    pub fn geometric(&mut self, mean: f64, cap: u32) -> u32 {
        let p = mean / (mean + 1.0);
        let mut k = 0;
        while k < cap && self.chance(p) {
            k += 1;
        }
        k
    }

    /// Roughly normal (sum of four uniforms, Irwin–Hall), mean `mean` and standard deviation `sd`.
    pub fn normalish(&mut self, mean: f64, sd: f64) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum();
        // Four uniforms: mean 2, standard deviation sqrt(4/12).
        mean + (s - 2.0) * sd / 0.577_350_269_189_625_8
    }
}

// ---------------------------------------------------------------------------------------------
// Region profiles
// ---------------------------------------------------------------------------------------------

/// How a region performs on the VT-T01 norm (veiligheidsbeoordeling within 5 werkdagen) in the
/// generated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T01Tier {
    /// At most 5 % late: above the national funnel.
    Compliant,
    /// 30.5 % late: late, like most regions in the inspection reports (under 80 % in time), and
    /// at the national mean, so inside the national funnel whatever the export's size (as far as
    /// chance allows: at the 95 % limits, about one in twenty such regions falls outside).
    Typical,
    /// 50–58 % late, with long waiting times (IGJ 2023: about 4,200 meldingen a month too late):
    /// clearly below the national funnel.
    Late,
}

/// The violation profile of one region: per norm, the probability that a dossier breaks it.
/// Probabilities apply per dossier (or per item where noted) when the norm applies.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionProfile {
    /// The region code (`midden-brabant`); `""` for a code without a row in the profile table.
    pub code: &'static str,
    /// Abbreviation in generated dossier ids (`GEN-MB-000001`).
    pub abbr: &'static str,
    /// The region's VT-T01 tier; it also sets the length of the late tail
    /// ([`vb_late_mean_extra`](RegionProfile::vb_late_mean_extra)) and scales many of the other
    /// probabilities (lower for `Compliant`, higher for `Late`; see [`profile`]).
    pub t01_tier: T01Tier,
    /// VT-T01: the veiligheidsbeoordeling comes after the 5-werkdagen term.
    pub vb_late: f64,
    /// VT-T01: mean number of werkdagen beyond the 6th when late (geometric tail: waiting lists).
    pub vb_late_mean_extra: f64,
    /// VT-T02: an acute melding is picked up after more than 1 day.
    pub acute_late: f64,
    /// VT-T03/VT-T08: the melder gets no feedback at some step.
    pub melder_feedback_missing: f64,
    /// VT-T04/VT-T05: the family is informed late.
    pub betrokkenen_feedback_late: f64,
    /// VT-T04 exempt: informing the family is postponed with a reason.
    pub informeren_uitgesteld: f64,
    /// VT-T06: the onderzoek starts more than 5 days after the veiligheidsbeoordeling.
    pub onderzoek_start_late: f64,
    /// VT-T07: the onderzoek ends more than 10 weeks after the veiligheidsbeoordeling.
    pub onderzoek_late: f64,
    /// VT-O01: an overdracht without a written document.
    pub overdracht_not_written: f64,
    /// VT-O02: a cold overdracht.
    pub overdracht_cold: f64,
    /// VT-O03: one voorwaarde is left out of the overdracht.
    pub voorwaarden_not_handed_over: f64,
    /// VT-O04: no overdrachtspartij named.
    pub partij_missing: f64,
    /// VT-O05: closed before the overdracht was accepted.
    pub closed_before_acceptance: f64,
    /// VT-V04/V05/V06 (per voorwaarde): the text comes from the list of poor voorwaarden.
    pub vague_voorwaarden: f64,
    /// VT-V07 (per voorwaarde): not discussed with the family and no reason given.
    pub no_dialogue: f64,
    /// VT-V03: a prioritised situation gets no voorwaarde.
    pub situation_without_voorwaarde: f64,
    /// VT-V01: voorwaarden en vervolg without any voorwaarde.
    pub voorwaarden_missing: f64,
    /// VT-M01: the first monitoring contact comes after 3 months.
    pub monitoring_first_late: f64,
    /// VT-M02: one gap of more than 6 months between monitoring contacts.
    pub monitoring_gap: f64,
    /// VT-M03: monitoring closed as stabiel_veilig while a voorwaarde is only partly met.
    pub stable_too_early: f64,
    /// VT-M04: mean monitoring duration in months (first overdracht to monitoring_afgerond).
    pub monitoring_months: f64,
    /// VT-R01: the register check is missing or comes after the veiligheidsbeoordeling.
    pub register_skipped: f64,
    /// VT-R02: the college is not informed of a verzoek aan de Raad.
    pub college_not_informed: f64,
    /// VT-D01: an event dated before the receipt (a typing error).
    pub data_error: f64,
    /// VT-D02: a closing without a reason.
    pub closing_without_reason: f64,
    /// VT-A03: a melding with an unknown melder.
    pub melder_unknown: f64,
    /// VT-A04 (of professional melders anonymous to the family): no legal ground recorded.
    pub anonymity_without_ground: f64,
    /// VT-A01: an advies that records family members.
    pub advies_with_family: f64,
    /// VT-A02: an advies with a BSN in its summary.
    pub advies_with_bsn: f64,
}

/// One row of the profile table: the knobs that differ per region. All other probabilities
/// come from the region's [`T01Tier`] (see [`profile`]).
struct ProfileRow {
    code: &'static str,
    abbr: &'static str,
    tier: T01Tier,
    /// VT-T01 late share.
    vb_late: f64,
    /// VT-T07 late share.
    onderzoek_late: f64,
    /// VT-O01 share.
    not_written: f64,
    /// VT-V04/V05/V06 share of poor voorwaarden.
    vague: f64,
    /// VT-M02 share.
    monitoring_gap: f64,
    /// VT-M04 mean duration (months).
    monitoring_months: f64,
}

/// A table row; `r` holds, in order: VT-T01 late, VT-T07 late, VT-O01 not written, poor
/// voorwaarden, VT-M02 gap, mean monitoring months.
const fn row(code: &'static str, abbr: &'static str, tier: T01Tier, r: [f64; 6]) -> ProfileRow {
    ProfileRow {
        code,
        abbr,
        tier,
        vb_late: r[0],
        onderzoek_late: r[1],
        not_written: r[2],
        vague: r[3],
        monitoring_gap: r[4],
        monitoring_months: r[5],
    }
}

use T01Tier::{Compliant, Late, Typical};

/// VT-T01 late share of the typical regions (and of a region without a profile): the national
/// mean, (0.18 + 3.17) / 11 (see [`PROFILES`]).
const TYPICAL_T01_LATE: f64 = 0.305;

/// The synthetic regional profiles (see the module documentation: invented, not measured).
///
/// On VT-T01 (veiligheidsbeoordeling within 5 werkdagen):
/// - **Compliant** (≤ 5 % late): friesland 3 %, zeeland 4 %, flevoland 2 %, zuid-limburg 4 %,
///   gooi-en-vechtstreek 5 % — five regions, as in IGJ 2024 ("5 of 25 assess ≥ 80 % in time"):
///   the only five at 80 % or more.
/// - **Late** (50–58 % late, long waiting lists): rotterdam-rijnmond 58 %, hollands-midden 55 %,
///   amsterdam-amstelland 52 %, haaglanden 52 %, utrecht 50 %, noord-holland-noord 50 %.
///   With ≥ 1000 dossiers per region these come out clearly below the national funnel, at the
///   95 % and the 99.8 % limits (national mean with equal region sizes ≈ 30.5 % late).
/// - **Typical** (30.5 % late, about 70 % in time: under IGJ's 80 %): the other fifteen
///   regions, at the national mean: with equal region sizes that mean is the mean of all 26
///   rates, which the fifteen equal it when they are the mean of the other eleven,
///   (0.18 + 3.17) / 11 ≈ 30.5 % ([`TYPICAL_T01_LATE`]). So they stay inside the funnel
///   however large the export. Until session 29 they were three points under the mean, and an
///   export of 100,000 dossiers already put them above the funnel.
///
/// The 10-week onderzoek (VT-T07) is late in most regions (inspections: 22 of 24 in 2017, all
/// but one in 2024); other columns vary the written overdracht, vague voorwaarden, monitoring
/// gaps and the monitoring duration.
///
/// Columns: code, id abbreviation, tier, VT-T01 late, VT-T07 late, VT-O01 not written,
/// VT-V04–06 poor voorwaarden, VT-M02 gap, VT-M04 mean months.
#[rustfmt::skip]
const PROFILES: &[ProfileRow] = &[
    row("groningen", "GR", Typical, [TYPICAL_T01_LATE, 0.45, 0.05, 0.25, 0.10, 18.0]),
    row("friesland", "FR", Compliant, [0.03, 0.15, 0.02, 0.12, 0.04, 17.0]),
    row("drenthe", "DR", Typical, [TYPICAL_T01_LATE, 0.55, 0.08, 0.30, 0.12, 19.0]),
    row("ijsselland", "IJ", Typical, [TYPICAL_T01_LATE, 0.40, 0.05, 0.22, 0.10, 18.0]),
    row("twente", "TW", Typical, [TYPICAL_T01_LATE, 0.35, 0.04, 0.20, 0.08, 18.0]),
    row("noord-oost-gelderland", "NOG", Typical, [TYPICAL_T01_LATE, 0.50, 0.06, 0.28, 0.10, 18.0]),
    row("gelderland-midden", "GM", Typical, [TYPICAL_T01_LATE, 0.45, 0.05, 0.25, 0.10, 17.0]),
    row("gelderland-zuid", "GZ", Typical, [TYPICAL_T01_LATE, 0.45, 0.06, 0.26, 0.11, 18.0]),
    row("utrecht", "UT", Late, [0.50, 0.60, 0.08, 0.30, 0.15, 20.0]),
    row("noord-holland-noord", "NHN", Late, [0.50, 0.60, 0.10, 0.32, 0.15, 19.0]),
    row("zaanstreek-waterland", "ZW", Typical, [TYPICAL_T01_LATE, 0.50, 0.06, 0.27, 0.10, 18.0]),
    row("kennemerland", "KE", Typical, [TYPICAL_T01_LATE, 0.40, 0.05, 0.24, 0.09, 18.0]),
    row("amsterdam-amstelland", "AA", Late, [0.52, 0.65, 0.09, 0.33, 0.16, 20.0]),
    row("gooi-en-vechtstreek", "GV", Compliant, [0.05, 0.20, 0.02, 0.15, 0.05, 17.0]),
    row("haaglanden", "HL", Late, [0.52, 0.65, 0.10, 0.35, 0.16, 21.0]),
    row("hollands-midden", "HM", Late, [0.55, 0.70, 0.12, 0.38, 0.18, 21.0]),
    row("rotterdam-rijnmond", "RR", Late, [0.58, 0.70, 0.12, 0.40, 0.20, 22.0]),
    row("zuid-holland-zuid", "ZHZ", Typical, [TYPICAL_T01_LATE, 0.50, 0.06, 0.27, 0.10, 18.0]),
    row("zeeland", "ZE", Compliant, [0.04, 0.15, 0.02, 0.12, 0.04, 16.0]),
    row("west-brabant", "WB", Typical, [TYPICAL_T01_LATE, 0.45, 0.05, 0.25, 0.10, 18.0]),
    row("midden-brabant", "MB", Typical, [TYPICAL_T01_LATE, 0.40, 0.04, 0.20, 0.08, 18.0]),
    row("brabant-noordoost", "BNO", Typical, [TYPICAL_T01_LATE, 0.45, 0.05, 0.25, 0.10, 18.0]),
    row("zuidoost-brabant", "ZOB", Typical, [TYPICAL_T01_LATE, 0.45, 0.06, 0.26, 0.10, 18.0]),
    row("limburg-noord", "LN", Typical, [TYPICAL_T01_LATE, 0.55, 0.07, 0.30, 0.12, 19.0]),
    row("zuid-limburg", "ZL", Compliant, [0.04, 0.20, 0.02, 0.14, 0.05, 17.0]),
    row("flevoland", "FL", Compliant, [0.02, 0.10, 0.02, 0.12, 0.04, 16.0]),
];

/// The profile of a region. An unknown code (a region added to the table later) gets a
/// typical profile with an empty `code` and `abbr`; the [`Generator`] then makes the id
/// abbreviation from the region code.
pub fn profile(region: &str) -> RegionProfile {
    let row = PROFILES.iter().find(|r| r.code == region);
    let (code, abbr, tier) = match row {
        Some(r) => (r.code, r.abbr, r.tier),
        None => ("", "", Typical),
    };
    // Tier defaults: the process norms are kept better where the waiting list is short.
    let f = match tier {
        Compliant => 0.4,
        Typical => 1.0,
        Late => 1.5,
    };
    let mut p = RegionProfile {
        code,
        abbr,
        t01_tier: tier,
        vb_late: TYPICAL_T01_LATE,
        vb_late_mean_extra: match tier {
            Compliant => 2.0,
            Typical => 4.0,
            Late => 10.0,
        },
        acute_late: 0.04 * f,
        melder_feedback_missing: 0.05 * f,
        betrokkenen_feedback_late: 0.08 * f,
        informeren_uitgesteld: 0.04,
        onderzoek_start_late: 0.15 * f,
        onderzoek_late: 0.45,
        overdracht_not_written: 0.05,
        overdracht_cold: 0.25 * f,
        voorwaarden_not_handed_over: 0.05 * f,
        partij_missing: 0.01 * f,
        closed_before_acceptance: 0.03 * f,
        vague_voorwaarden: 0.25,
        no_dialogue: 0.06 * f,
        situation_without_voorwaarde: 0.06 * f,
        voorwaarden_missing: 0.03 * f,
        monitoring_first_late: 0.12 * f,
        monitoring_gap: 0.10,
        stable_too_early: 0.05 * f,
        monitoring_months: 18.0,
        register_skipped: 0.04 * f,
        college_not_informed: 0.10 * f,
        data_error: 0.003,
        closing_without_reason: 0.02 * f,
        melder_unknown: 0.01 * f,
        anonymity_without_ground: 0.15 * f,
        advies_with_family: 0.01 * f,
        advies_with_bsn: 0.003,
    };
    if let Some(r) = row {
        p.vb_late = r.vb_late;
        p.onderzoek_late = r.onderzoek_late;
        p.overdracht_not_written = r.not_written;
        p.vague_voorwaarden = r.vague;
        p.monitoring_gap = r.monitoring_gap;
        p.monitoring_months = r.monitoring_months;
    }
    p
}

/// The region codes of a tier, in table order.
pub fn regions_in_tier(tier: T01Tier) -> Vec<&'static str> {
    PROFILES
        .iter()
        .filter(|r| r.tier == tier)
        .map(|r| r.code)
        .collect()
}

/// An id abbreviation for a code without a table row: the initials of its parts, upper case.
fn fallback_abbr(code: &str) -> String {
    let s: String = code
        .split(['-', '_'])
        .filter_map(|p| p.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if s.is_empty() { "X".into() } else { s }
}

// ---------------------------------------------------------------------------------------------
// Built-in texts (Dutch). Free text is part of the format; these are written for the generator.
// ---------------------------------------------------------------------------------------------

/// Voorwaarden that meet the protocol's criteria: a named actor, observable behaviour, a time or
/// frequency, positively phrased (negation only for the protected person's harm outcome or with
/// a positive alternative). The first and the last two are examples from the VT texts.
pub const GOOD_VOORWAARDEN: &[&str] = &[
    "De kinderen zijn geen getuige of slachtoffer van verbaal of fysiek geweld tussen ouders.",
    "Als vader boos wordt, verlaat hij de woning en belt hij zijn broer; hij komt terug als hij rustig met moeder kan praten.",
    "Moeder brengt de kinderen elke schooldag vóór 8.30 uur naar school.",
    "De school belt moeder en het wijkteam als een kind om 9.00 uur afwezig is.",
    "Vader drinkt geen alcohol wanneer hij alleen voor de kinderen zorgt; oma is dan aanwezig.",
    "Er is elke avond een volwassene in huis die de kinderen naar bed brengt en 's nachts thuis is.",
    "Moeder geeft de baby drie keer per dag een maaltijd; het consultatiebureau weegt de baby elke twee weken.",
    "Oma haalt de kinderen elke woensdag en vrijdag om 15.00 uur uit school en brengt ze om 19.00 uur thuis.",
    "Bij ruzie gaat moeder met de kinderen naar de buurvrouw en belt zij binnen een uur de wijkcoach.",
    "Vader en moeder spreken elke zondagavond met de jeugdconsulent af wie de kinderen die week naar school brengt.",
    "Moeder meldt binnen 24 uur aan de wijkcoach als haar ex-partner bij de woning komt.",
    "De kinderen slapen elke nacht in hun eigen bed in de woning van moeder.",
    "Vader ziet de kinderen op zaterdag van 10.00 tot 16.00 uur bij opa en oma, in het bijzijn van opa.",
    "Moeder neemt de medicijnen die de huisarts voorschrijft elke ochtend in het bijzijn van haar zus.",
    "De buurman belt 112 als hij geschreeuw uit de woning hoort.",
    "Vader en moeder dragen de kinderen over op het schoolplein, in het bijzijn van de leerkracht.",
    "De jongere belt elke avond om 20.00 uur met zijn tante en vertelt hoe zijn dag was.",
    "Moeder zet elke dag om 18.00 uur een warme maaltijd op tafel voor de kinderen.",
    "Vader geeft de sleutel van de wapenkast binnen een week af aan de wijkagent.",
    "Moeder bewaart de medicijnen in een afgesloten kast in haar slaapkamer.",
    "De thuiszorg komt elke ochtend en avond bij mevrouw en meldt blauwe plekken dezelfde dag aan de huisarts.",
    "Oom Ahmed is elke werkdag tussen 17.00 en 20.00 uur bij het gezin als vader thuiskomt van zijn werk.",
    "Moeder gaat met de baby naar elke afspraak bij het consultatiebureau; het consultatiebureau belt de wijkcoach bij een gemiste afspraak.",
    "Vader en moeder bespreken geldzorgen elke maandag met de schuldhulpverlener, terwijl de kinderen op school zijn.",
    "Als moeder het overzicht kwijtraakt, belt zij haar zus, die binnen een uur komt om voor de kinderen te zorgen.",
    "De zoon beheert het geld van zijn moeder samen met de bewindvoerder, die elke maand de afschriften controleert.",
    "Het consultatiebureau weegt de baby elke week; moeder geeft de voeding die het consultatiebureau voorschrijft.",
    "Meneer kan 7x24 uur een beroep doen op verzorgers.",
    "Mevrouw brengt haar buren op de hoogte van de bedreigingen door haar ex-man.",
];

/// Voorwaarden of the kinds the rules flag: abstract goals, help as a condition, inner states,
/// bans without an alternative, double negations, evaluative words, jargon, vague frequency.
pub const POOR_VOORWAARDEN: &[&str] = &[
    "Ouders zorgen voor een veilige thuissituatie.",
    "Ouders werken mee aan de hulpverlening.",
    "Vader gaat werken aan zijn agressieproblematiek.",
    "Moeder mag de kinderen niet meer slaan.",
    "Er is voldoende toezicht op de kinderen.",
    "Ouders proberen ruzies zo veel mogelijk te voorkomen en zijn zich bewust van de impact op de kinderen.",
    "Er is geen sprake van onvoldoende basiszorg.",
    "Vader stopt met drinken.",
    "Ouders verbeteren het pedagogisch klimaat.",
    "Moeder heeft inzicht in haar eigen draagkracht en draaglast.",
    "De kinderen worden regelmatig gezien door de huisarts.",
    "Vader komt nooit meer onder invloed thuis.",
    "Ouders gaan in behandeling en komen afspraken na.",
    "Er wordt gezorgd voor rust in huis.",
    "Moeder zorgt voor een stabiele opvoedsituatie en een positieve sfeer in huis.",
];

const SITUATIES: &[&str] = &[
    "Kinderen zijn getuige van fysiek geweld tussen ouders.",
    "Vader is onder invloed van alcohol als hij voor de kinderen zorgt.",
    "De baby komt onvoldoende aan in gewicht.",
    "Moeder wordt bedreigd door haar ex-partner.",
    "Kind heeft blauwe plekken op armen en rug.",
    "Kinderen gaan wekenlang niet naar school.",
    "Oudere vrouw wordt door haar zoon financieel uitgebuit.",
    "Ouders hebben hoog oplopende ruzies waarbij met spullen wordt gegooid.",
    "Jongere loopt weg van huis na ruzies.",
    "Kinderen zijn 's avonds alleen thuis.",
];

/// What a dossier must hold for a generated text to fit it: a summary or an acute action names
/// who reports and who lives there, and a "baby" summary for a household of teenagers would
/// make poor demo data (rev61).
#[derive(Clone, Copy)]
enum Needs {
    /// Any household.
    Any,
    /// A child (`kind`).
    Child,
    /// A child of school age (4 to 17).
    SchoolChild,
    /// A child of at most one year old.
    Baby,
    /// An `ex_partner`.
    ExPartner,
    /// Someone of 65 or older.
    Elder,
    /// A parent or partner (the "vader" or "moeder" a text names).
    Parent,
}

impl Needs {
    fn met_by(self, d: &GenDossier) -> bool {
        let year = d.ontvangen.year();
        // `Any` holds also for a dossier without betrokkenen (an advies), hence the test first.
        matches!(self, Needs::Any)
            || d.betrokkenen.iter().any(|p| {
                let (rol, age) = (p.rol, year - p.geboortejaar);
                match self {
                    Needs::Any => true,
                    Needs::Child => rol == "kind",
                    Needs::SchoolChild => rol == "kind" && (4..=17).contains(&age),
                    Needs::Baby => rol == "kind" && age <= 1,
                    Needs::ExPartner => rol == "ex_partner",
                    Needs::Elder => age >= 65,
                    Needs::Parent => matches!(rol, "ouder" | "partner" | "ex_partner"),
                }
            })
    }
}

/// A text with the melder it is written for (`None`: any `hoedanigheid`) and what the
/// household must hold.
type Fitting = (&'static str, Option<&'static str>, Needs);

/// One of the texts of `xs` that fit dossier `d` and a melder of `hoedanigheid`, drawn evenly;
/// `None` when none fits.
fn pick_fitting(
    rng: &mut Rng,
    xs: &[Fitting],
    hoedanigheid: &str,
    d: &GenDossier,
) -> Option<&'static str> {
    let fits = |x: &&Fitting| x.1.is_none_or(|h| h == hoedanigheid) && x.2.met_by(d);
    let n = xs.iter().filter(fits).count();
    if n == 0 {
        return None;
    }
    let k = rng.below(n as u64) as usize;
    xs.iter().filter(fits).nth(k).map(|x| x.0)
}

const PROF: Option<&str> = Some("professional");
const OMSTANDER: Option<&str> = Some("omstander");
const ZELF: Option<&str> = Some("directbetrokkene");

const SAMENVATTING_MELDING: &[Fitting] = &[
    (
        "Politie meldt huiselijk geweld na een uitruk naar de woning.",
        PROF,
        Needs::Any,
    ),
    (
        "Leerkracht meldt dat een leerling vertelt dat vader hem slaat.",
        PROF,
        Needs::SchoolChild,
    ),
    (
        "Huisarts meldt zorgen over de verzorging van een baby.",
        PROF,
        Needs::Baby,
    ),
    (
        "Buurvrouw hoort vaak geschreeuw en gehuil uit de woning.",
        OMSTANDER,
        Needs::Any,
    ),
    (
        "Jeugdarts meldt een kind met onverklaarde blauwe plekken.",
        PROF,
        Needs::Child,
    ),
    (
        "Politie meldt een melding van bedreiging door een ex-partner.",
        PROF,
        Needs::ExPartner,
    ),
    (
        "Wijkverpleging meldt zorgen over financiële uitbuiting van een oudere.",
        PROF,
        Needs::Elder,
    ),
    (
        "Een familielid meldt zorgen over ruzies in het gezin.",
        OMSTANDER,
        Needs::Any,
    ),
    (
        "Een gezinslid meldt zelf geweld in de woning.",
        ZELF,
        Needs::Any,
    ),
];

const SAMENVATTING_ADVIES: &[Fitting] = &[
    (
        "Leerkracht vraagt advies over een stil en teruggetrokken kind.",
        PROF,
        Needs::Any,
    ),
    (
        "Buurman vraagt advies over geschreeuw bij de buren.",
        OMSTANDER,
        Needs::Any,
    ),
    (
        "Jeugdarts vraagt hoe zij zorgen met ouders kan bespreken.",
        PROF,
        Needs::Any,
    ),
    (
        "Moeder vraagt advies over de omgang met haar ex-partner.",
        ZELF,
        Needs::Any,
    ),
    (
        "Kinderopvang vraagt advies over een peuter die bang is om naar huis te gaan.",
        PROF,
        Needs::Any,
    ),
    (
        "Dochter vraagt advies over de verzorging van haar vader door haar broer.",
        OMSTANDER,
        Needs::Any,
    ),
];

/// Receiving parties without a place: found in every region.
const PARTIJEN: &[&str] = &[
    "Centrum voor Jeugd en Gezin",
    "Gecertificeerde instelling jeugdbescherming",
    "GGZ-instelling",
    "Huisartsenpraktijk",
    "Wmo-consulent van de gemeente",
];

/// Local teams of each region, named after a town in it: a dossier is handed over to a team of
/// its own region, as an auditor reading the demo data expects. An unknown code (a region table
/// of one's own) gets the teams without a place only.
fn local_teams(region: &str) -> &'static [&'static str] {
    match region {
        "groningen" => &["Gebiedsteam Groningen-Centrum", "WIJ-team Veendam"],
        "friesland" => &["Gebiedsteam Leeuwarden-Oost", "Sociaal wijkteam Heerenveen"],
        "drenthe" => &["Gebiedsteam Assen-Noord", "Sociaal team Emmen"],
        "ijsselland" => &["Jeugd- en gezinsteam Zwolle", "Wijkteam Deventer-Oost"],
        "twente" => &["Wijkteam Enschede-Noord", "Sociaal wijkteam Hengelo"],
        "noord-oost-gelderland" => &["Sociaal team Apeldoorn-Zuid", "Wijkteam Zutphen"],
        "gelderland-midden" => &["Wijkteam Arnhem-Noord", "Sociaal team Ede"],
        "gelderland-zuid" => &["Sociaal wijkteam Nijmegen-Oost", "Wijkteam Tiel"],
        "utrecht" => &["Buurtteam Utrecht-West", "Sociaal team Amersfoort-Noord"],
        "noord-holland-noord" => &["Wijkteam Alkmaar-Noord", "Sociaal team Den Helder"],
        "zaanstreek-waterland" => &["Wijkteam Zaandam-Oost", "Sociaal team Purmerend"],
        "kennemerland" => &["Sociaal wijkteam Haarlem-Schalkwijk", "Wijkteam Velsen"],
        "amsterdam-amstelland" => &[
            "Ouder- en kindteam Amsterdam-Oost",
            "Sociaal team Amstelveen",
        ],
        "gooi-en-vechtstreek" => &["Sociaal team Hilversum-Zuid", "Wijkteam Huizen"],
        "haaglanden" => &["Jeugdteam Den Haag-Escamp", "Wijkteam Delft"],
        "hollands-midden" => &["Jeugd- en gezinsteam Leiden-Noord", "Sociaal team Gouda"],
        "rotterdam-rijnmond" => &["Wijkteam Rotterdam-Feijenoord", "Wijkteam Schiedam"],
        "zuid-holland-zuid" => &["Sociaal wijkteam Dordrecht-West", "Jeugdteam Gorinchem"],
        "zeeland" => &["Sociaal team Middelburg", "Wijkteam Vlissingen"],
        "west-brabant" => &["Sociaal team Breda-Oost", "Wijkteam Roosendaal"],
        "midden-brabant" => &["Wijkteam Tilburg-Noord", "Sociaal team Waalwijk"],
        "brabant-noordoost" => &["Wijkteam Den Bosch-Noord", "Sociaal team Oss"],
        "zuidoost-brabant" => &["Wijkteam Eindhoven-Woensel", "Sociaal team Helmond"],
        "limburg-noord" => &["Sociaal wijkteam Venlo", "Wijkteam Roermond"],
        "zuid-limburg" => &["Sociaal team Maastricht-Zuidwest", "Wijkteam Heerlen"],
        "flevoland" => &["Sociaal wijkteam Almere-Stad", "Wijkteam Lelystad"],
        _ => &[],
    }
}

const RAAD: &str = "Raad voor de Kinderbescherming";

const ACUTE_ACTIES: &[Fitting] = &[
    (
        "Politie plaatst de kinderen tijdelijk bij de grootouders.",
        None,
        Needs::Child,
    ),
    (
        "Tijdelijk huisverbod opgelegd aan vader.",
        None,
        Needs::Parent,
    ),
    (
        "Crisisdienst bezoekt het gezin dezelfde avond.",
        None,
        Needs::Any,
    ),
    (
        "Moeder en kinderen naar de vrouwenopvang.",
        None,
        Needs::Child,
    ),
];

const UITSTEL_REDENEN: &[&str] = &[
    "Informeren brengt de veiligheid van moeder en kinderen in gevaar.",
    "Informeren belemmert het onderzoek.",
    "Informeren brengt het kind in gevaar.",
];

const GEEN_DIALOOG: &[&str] = &[
    "Vader weigert elk contact met Veilig Thuis.",
    "Gezin niet bereikbaar ondanks drie huisbezoeken.",
];

const REDEN_ADVIES: &str = "Advies gegeven.";
const REDEN_OVERDRACHT: &str = "Overgedragen aan de ketenpartner; overdracht geaccepteerd.";
const REDEN_MONITORING: &str = "Monitoring afgerond.";
const REDEN_ONDERZOEK: &str = "Onderzoek afgerond; geen vervolg door Veilig Thuis nodig.";
const REDEN_EINDE: &str = "Einde bemoeienis na de veiligheidsbeoordeling.";
const REDEN_RAAD: &str = "Verzoek tot onderzoek ingediend bij de Raad voor de Kinderbescherming.";

// ---------------------------------------------------------------------------------------------
// The generated dossier
// ---------------------------------------------------------------------------------------------

/// The kind of a generated event: its `soort` in the dossier format ([`Kind::name`]). Where an
/// event carries a value, [`Kind::value_field`] names its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `register_geraadpleegd`: the national VT register was consulted (VT-R01: on or before the
    /// day of the veiligheidsbeoordeling).
    Register,
    /// `acute_actie`: action on acute unsafety (VT-T02), with its `omschrijving`.
    AcuteActie,
    /// `veiligheidsbeoordeling`: the safety assessment (VT-T01: within 5 werkdagen), with its
    /// `besluit`.
    Veiligheidsbeoordeling,
    /// `melder_geinformeerd`: feedback to the melder, with `over` (what it was about).
    MelderGeinformeerd,
    /// `betrokkenen_geinformeerd`: the family informed, with `over` and the adults informed in
    /// [`GenEvent::personen`].
    BetrokkenenGeinformeerd,
    /// `informeren_uitgesteld`: informing the family postponed, with the `reden` (VT-T04 exempt).
    InformerenUitgesteld,
    /// `onderzoek_gestart`: the onderzoek started (VT-T06).
    OnderzoekGestart,
    /// `onderzoek_afgerond`: the onderzoek finished (VT-T07), with its `conclusie`.
    OnderzoekAfgerond,
    /// `overdracht`: the handover to a partner; the details are in [`GenEvent::handover`].
    Overdracht,
    /// `verzoek_raad`: a verzoek tot onderzoek to the Raad voor de Kinderbescherming.
    VerzoekRaad,
    /// `college_geinformeerd`: the municipal college informed of the verzoek aan de Raad (VT-R02).
    CollegeGeinformeerd,
    /// `monitoring`: a monitoring contact that rates the voorwaarden ([`GenEvent::rated`]).
    Monitoring,
    /// `monitoring_afgerond`: monitoring ended, with the `reden` (one of
    /// [`schema::MONITORING_REDEN`]).
    MonitoringAfgerond,
    /// `afgesloten`: the dossier closed, with the `reden`; none when it closed without one
    /// (VT-D02).
    Afgesloten,
}

impl Kind {
    /// The event's `soort` as the dossier format and the CSV `gebeurtenis` column write it
    /// (`register_geraadpleegd`, `acute_actie`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Register => "register_geraadpleegd",
            Kind::AcuteActie => "acute_actie",
            Kind::Veiligheidsbeoordeling => "veiligheidsbeoordeling",
            Kind::MelderGeinformeerd => "melder_geinformeerd",
            Kind::BetrokkenenGeinformeerd => "betrokkenen_geinformeerd",
            Kind::InformerenUitgesteld => "informeren_uitgesteld",
            Kind::OnderzoekGestart => "onderzoek_gestart",
            Kind::OnderzoekAfgerond => "onderzoek_afgerond",
            Kind::Overdracht => "overdracht",
            Kind::VerzoekRaad => "verzoek_raad",
            Kind::CollegeGeinformeerd => "college_geinformeerd",
            Kind::Monitoring => "monitoring",
            Kind::MonitoringAfgerond => "monitoring_afgerond",
            Kind::Afgesloten => "afgesloten",
        }
    }

    /// The field [`GenEvent::value`] is written as.
    pub fn value_field(self) -> &'static str {
        match self {
            Kind::AcuteActie => "omschrijving",
            Kind::Veiligheidsbeoordeling => "besluit",
            Kind::MelderGeinformeerd | Kind::BetrokkenenGeinformeerd => "over",
            Kind::OnderzoekAfgerond => "conclusie",
            Kind::InformerenUitgesteld | Kind::MonitoringAfgerond | Kind::Afgesloten => "reden",
            _ => "",
        }
    }
}

/// The details of an `overdracht` event, under the format's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handover {
    /// `partij`: the receiving party (a local team of the region, a party without a place, or
    /// the Raad voor de Kinderbescherming); `None`: no party recorded (VT-O04).
    pub partij: Option<&'static str>,
    /// `schriftelijk`: handed over in writing. VT-O01 wants `true` and a
    /// [`document`](Handover::document); the generator also writes `true` without a document.
    pub schriftelijk: bool,
    /// Document number, written `OVD-<year>-<number>`.
    pub document: Option<u32>,
    /// `warm`: a warm handover (a joint conversation with the family and the receiving party);
    /// `false`: a cold one (VT-O02).
    pub warm: bool,
    /// Bit `n - 1` set: voorwaarde `Vn` is handed over.
    pub voorwaarden: u16,
    /// `geaccepteerd`: the day the party accepted the handover; `None`: no acceptance by the
    /// as-of date.
    pub geaccepteerd: Option<NaiveDate>,
}

/// One event of a generated dossier's `gebeurtenissen`. Which of the other fields are written
/// depends on the [`kind`](GenEvent::kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenEvent {
    /// `soort`: the kind of event.
    pub kind: Kind,
    /// `datum`: the day of the event; never after the as-of date.
    pub date: NaiveDate,
    /// besluit, over, conclusie, reden or omschrijving (see [`Kind::value_field`]).
    pub value: Option<&'static str>,
    /// betrokkenen_geinformeerd: bit `n - 1` set names betrokkene `Pn`.
    pub personen: u16,
    /// The handover details; `Some` only for [`Kind::Overdracht`].
    pub handover: Option<Handover>,
    /// Monitoring: bit `n - 1` set rates voorwaarde `Vn`; its rating is 2 bits at `2 (n - 1)` of
    /// `ratings` (0 niet_nageleefd, 1 deels, 2 nageleefd).
    pub rated: u16,
    /// Monitoring: the packed ratings of the voorwaarden set in `rated` (read them with
    /// [`GenEvent::rating`]).
    pub ratings: u32,
}

impl GenEvent {
    fn new(kind: Kind, date: NaiveDate, value: Option<&'static str>) -> GenEvent {
        GenEvent {
            kind,
            date,
            value,
            personen: 0,
            handover: None,
            rated: 0,
            ratings: 0,
        }
    }

    /// The `beoordeling` of voorwaarde `V<nr>` (`nr` from 1) in this monitoring contact:
    /// `niet_nageleefd`, `deels` or `nageleefd`. Meaningful only for a voorwaarde set in
    /// [`rated`](GenEvent::rated).
    pub fn rating(&self, nr: u8) -> &'static str {
        match (self.ratings >> (2 * u32::from(nr.saturating_sub(1)))) & 3 {
            0 => "niet_nageleefd",
            1 => "deels",
            _ => "nageleefd",
        }
    }
}

/// A betrokkene: an item of the dossier's `betrokkenen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    /// The number in its `id`, `P<nr>`; from 1 within the dossier.
    pub nr: u8,
    /// `rol`: `kind`, `ouder`, `verzorger`, `partner`, `ex_partner` or `overig`.
    pub rol: &'static str,
    /// `geboortejaar`: the year of birth.
    pub geboortejaar: i32,
}

/// A situatie: an item of the dossier's `situaties`, an unsafe situation that voorwaarden
/// address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    /// The number in its `id`, `S<nr>`; from 1 within the dossier.
    pub nr: u8,
    /// `omschrijving`: the situation in Dutch free text.
    pub omschrijving: &'static str,
    /// `prioriteit`: its priority, equal to `nr` when set; `None`: not prioritised, and then no
    /// voorwaarde addresses it.
    pub prioriteit: Option<u8>,
}

/// A voorwaarde: an item of the dossier's `voorwaarden`, a safety condition for the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Condition {
    /// The number in its `id`, `V<nr>`; from 1 within the dossier.
    pub nr: u8,
    /// `situatie`: the number of the situatie it addresses (written `S<n>`).
    pub situatie: u8,
    /// `tekst`: the voorwaarde itself, from [`GOOD_VOORWAARDEN`] or [`POOR_VOORWAARDEN`].
    pub tekst: &'static str,
    /// `opgesteld`: the day it was drawn up; never after the as-of date.
    pub opgesteld: NaiveDate,
    /// Bit i set: `schema::BESPROKEN_MET[i]`.
    pub besproken: u8,
    /// `geen_dialoog_reden`: why it was drawn up without the family; `None` when discussed with
    /// them, or (VT-V07) when it was not and no reason is given.
    pub geen_dialoog_reden: Option<&'static str>,
}

/// The dossier's `melder`: who made the melding or asked for advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Melder {
    /// `hoedanigheid`: `professional`, `omstander` or `directbetrokkene`.
    pub hoedanigheid: &'static str,
    /// `rol`: `melder`, or `informant` (only in a melding), who gets no feedback.
    pub rol: &'static str,
    /// `bekend`: whether Veilig Thuis knows who the melder is (`false` in a melding: VT-A03).
    pub bekend: bool,
    /// `anoniem_naar_betrokkenen`: the melder stays anonymous to the family; always `false` in an
    /// advies.
    pub anoniem: bool,
    /// `anonimiteitsgrond`: the ground for that anonymity; `None` when the melder is not
    /// anonymous, or is without a recorded ground (VT-A04).
    pub grond: Option<&'static str>,
}

/// The dossier's `samenvatting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary {
    /// A summary from the built-in lists, written as it is.
    Text(&'static str),
    /// An advies whose summary names a BSN (VT-A02): the nine digits.
    Bsn(u32),
}

/// One generated dossier, in reused buffers.
#[derive(Debug, Clone)]
pub struct GenDossier {
    /// The dossier's index in the run, from 0; its region and random stream follow from it.
    pub index: u64,
    /// `id`: `GEN-<abbreviation>-<number>`, numbered from 1 per region and at least six digits
    /// (`GEN-MB-000001`).
    pub id: String,
    /// `regio`: the region code.
    pub region: &'static str,
    /// `soort`: `true` for a melding, `false` for an advies.
    pub melding: bool,
    /// The day of `ontvangen` (receipt); never after the as-of date.
    pub ontvangen: NaiveDate,
    /// The hour of `ontvangen`, 0–23: office hours (8–16) three times in four, else evening or
    /// night.
    pub hour: u8,
    /// The minute of `ontvangen`, 0–59.
    pub minute: u8,
    /// `acuut`: acute unsafety; about 5 % of the meldingen, never an advies.
    pub acuut: bool,
    /// `samenvatting`; `None`: the dossier has none and the key is left out.
    pub samenvatting: Option<Summary>,
    /// `melder`: who made the melding or asked for advice.
    pub melder: Melder,
    /// `betrokkenen`: the persons concerned; empty in most adviezen (written as an empty list).
    pub betrokkenen: Vec<Person>,
    /// `situaties`; empty (and left out) unless the dossier reached voorwaarden en vervolg
    /// (directly or after an onderzoek) by the as-of date.
    pub situaties: Vec<Situation>,
    /// `voorwaarden`: those drawn up by the as-of date; left out when empty.
    pub voorwaarden: Vec<Condition>,
    /// Sorted by date (stable).
    pub events: Vec<GenEvent>,
}

impl GenDossier {
    fn empty() -> GenDossier {
        GenDossier {
            index: 0,
            id: String::new(),
            region: "",
            melding: false,
            ontvangen: NaiveDate::MIN,
            hour: 0,
            minute: 0,
            acuut: false,
            samenvatting: None,
            melder: Melder {
                hoedanigheid: "professional",
                rol: "melder",
                bekend: true,
                anoniem: false,
                grond: None,
            },
            betrokkenen: Vec::new(),
            situaties: Vec::new(),
            voorwaarden: Vec::new(),
            events: Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Options and the generator
// ---------------------------------------------------------------------------------------------

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// How many dossiers to generate (`--dossiers`).
    pub dossiers: u64,
    /// The seed (`--seed`): the same seed and options give the same bytes.
    pub seed: u64,
    /// Region codes, in the order dossiers are dealt to them.
    pub regions: Vec<&'static str>,
    /// The as-of date (`--as-of`, default [`DEFAULT_AS_OF`]): receipts lie in the four years up
    /// to it and nothing is dated after it; its year must lie in [`AS_OF_YEARS`].
    pub as_of: NaiveDate,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// JSON Lines: one dossier per line.
    Jsonl,
    /// One YAML file per dossier (in a subdirectory per region) plus `export.yaml`.
    YamlDir,
    /// The CSV event log of `docs/csv.md` (default column mapping).
    Csv,
}

/// The as-of date when none is given: a fixed date, not today, so that the same seed gives the
/// same bytes on any day (the date the benchmark and the README's examples use).
pub const DEFAULT_AS_OF: NaiveDate = NaiveDate::from_ymd_opt(2025, 6, 30).expect("a valid date");

/// The first and last as-of years accepted: every date generated must be one the readers accept
/// ([`crate::dossier::date::YEARS`], 1900–2099; receipts go back four years), so that the export
/// loads without input errors.
pub const AS_OF_YEARS: (i32, i32) = (1974, 2099);

/// Resolves `all` or a comma-separated list of region codes against the region table. `all`
/// takes every region valid on `as_of`, in table order. Errors are Dutch, with a suggestion.
pub fn resolve_regions(
    spec: &str,
    table: &RegionTable,
    as_of: NaiveDate,
) -> Result<Vec<&'static str>, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(
            "geen regio's opgegeven: gebruik `all` of regiocodes gescheiden door komma's".into(),
        );
    }
    // Empty items ("utrecht,,", "all,") are skipped, the same way for `all` as for codes.
    let parts: Vec<String> = spec
        .split(',')
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    let is_all = |code: &str| code == "all" || code == "alle";
    if let [only] = parts.as_slice()
        && is_all(only)
    {
        let all: Vec<&'static str> = table
            .codes()
            .iter()
            .copied()
            .filter(|c| table.valid_on(c, as_of))
            .collect();
        if all.is_empty() {
            return Err("de regiotabel bevat geen regio die op de peildatum bestaat".into());
        }
        return Ok(all);
    }
    let mut out: Vec<&'static str> = Vec::new();
    for code in parts {
        if is_all(&code) {
            return Err(format!(
                "`{code}` staat alleen, niet in een lijst met regiocodes: geef `--regions {code}` \
                 of alleen codes"
            ));
        }
        match table.codes().iter().find(|c| **c == code) {
            Some(c) => {
                if !out.contains(c) {
                    out.push(c);
                }
            }
            None => {
                let shown = if code.len() <= 40
                    && code
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    format!(" '{code}'")
                } else {
                    String::new()
                };
                let help = help_for(&code, table.codes())
                    .map(|h| format!("; {h}"))
                    .unwrap_or_else(|| format!("; de regio's: {}", table.codes().join(", ")));
                return Err(format!("onbekende VT-regio{shown} in --regions{help}"));
            }
        }
    }
    if out.is_empty() {
        return Err(
            "--regions noemt geen regio (gebruik `all` of codes als `midden-brabant`)".into(),
        );
    }
    Ok(out)
}

impl GenOptions {
    /// Checks the options: at least one region, an as-of date in range.
    pub fn validate(&self) -> Result<(), String> {
        if self.regions.is_empty() {
            return Err("geen regio's om dossiers voor te maken".into());
        }
        let y = self.as_of.year();
        if y < AS_OF_YEARS.0 || y > AS_OF_YEARS.1 {
            return Err(format!(
                "peildatum {} valt buiten het bereik van de generator ({} tot en met {})",
                self.as_of.format("%Y-%m-%d"),
                AS_OF_YEARS.0,
                AS_OF_YEARS.1
            ));
        }
        Ok(())
    }
}

struct RegionSlot {
    code: &'static str,
    abbr: String,
    profile: RegionProfile,
}

/// Generates dossiers one at a time into a reused [`GenDossier`].
pub struct Generator {
    seed: u64,
    as_of: NaiveDate,
    total: u64,
    next: u64,
    regions: Vec<RegionSlot>,
    cal: Calendar,
    current: GenDossier,
    /// Dates of situaties (written only once their voorwaarden exist).
    situaties_date: NaiveDate,
}

/// The days over which receipt dates are spread (four years up to and including the as-of date).
/// Four, not two: monitoring lasts about 18 months, and with two years most of it was still
/// running at the as-of date, so the completed monitoring an export shows (VT-M04) averaged 14.
const SPREAD_DAYS: u64 = 1461;

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

impl Generator {
    /// A generator for `opts`, before its first dossier; `Err` with the Dutch message of
    /// [`GenOptions::validate`] when the options are invalid.
    pub fn new(opts: &GenOptions) -> Result<Generator, String> {
        opts.validate()?;
        let regions = opts
            .regions
            .iter()
            .map(|code| {
                let profile = profile(code);
                let abbr = if profile.abbr.is_empty() {
                    fallback_abbr(code)
                } else {
                    profile.abbr.to_string()
                };
                RegionSlot {
                    code,
                    abbr,
                    profile,
                }
            })
            .collect();
        Ok(Generator {
            seed: opts.seed,
            as_of: opts.as_of,
            total: opts.dossiers,
            next: 0,
            regions,
            cal: Calendar::atw(),
            current: GenDossier::empty(),
            situaties_date: NaiveDate::MIN,
        })
    }

    /// The next dossier, or `None` after the last.
    pub fn next_dossier(&mut self) -> Option<&GenDossier> {
        if self.next >= self.total {
            return None;
        }
        let i = self.next;
        self.next += 1;
        self.fill(i);
        Some(&self.current)
    }

    /// Dossier `index`, independent of the dossiers before it.
    pub fn dossier(&mut self, index: u64) -> &GenDossier {
        self.fill(index);
        &self.current
    }

    /// `d`, or the first working day after it.
    fn fwd(&self, d: NaiveDate) -> NaiveDate {
        let mut x = d;
        for _ in 0..14 {
            if self.cal.is_werkdag(x) {
                return x;
            }
            x = add_days(x, 1);
        }
        d
    }

    /// `d`, or the last working day before it, but not before `floor`.
    fn back(&self, d: NaiveDate, floor: NaiveDate) -> NaiveDate {
        let mut x = d;
        while x > floor && !self.cal.is_werkdag(x) {
            x = add_days(x, -1);
        }
        x
    }

    fn wd(&self, d: NaiveDate, n: i64) -> NaiveDate {
        self.cal.add_werkdagen(d, n.max(0) as u32).unwrap_or(d)
    }

    fn fill(&mut self, index: u64) {
        let k = self.regions.len().max(1) as u64;
        let slot = (index % k) as usize;
        let seq = index / k + 1;
        let mut rng = Rng::for_stream(self.seed, index);
        let mut d = std::mem::replace(&mut self.current, GenDossier::empty());
        d.index = index;
        d.id.clear();
        d.betrokkenen.clear();
        d.situaties.clear();
        d.voorwaarden.clear();
        d.events.clear();
        let (code, p) = match self.regions.get(slot) {
            Some(r) => {
                d.id.push_str("GEN-");
                d.id.push_str(&r.abbr);
                d.id.push('-');
                let digits = seq.to_string();
                for _ in digits.len()..6 {
                    d.id.push('0');
                }
                d.id.push_str(&digits);
                (r.code, r.profile.clone())
            }
            None => ("", profile("")),
        };
        d.region = code;
        self.situaties_date = NaiveDate::MAX;

        // Receipt: uniform over four years, half of the weekend receipts moved to Monday.
        let back = rng.below(SPREAD_DAYS) as i64;
        let mut d0 = add_days(self.as_of, -back);
        let wk = d0.weekday();
        if matches!(wk, Weekday::Sat | Weekday::Sun) && rng.chance(0.5) {
            let shift = if wk == Weekday::Sat { 2 } else { 1 };
            let moved = add_days(d0, shift);
            if moved <= self.as_of {
                d0 = moved;
            }
        }
        d.ontvangen = d0;
        let office = rng.chance(0.75);
        d.hour = if office {
            rng.range(8, 16) as u8
        } else {
            // Evening and night: 17–23 and 0–7.
            let h = rng.range(17, 31);
            (h % 24) as u8
        };
        d.minute = rng.range(0, 59) as u8;

        // Advies or melding: 2024–25 volumes (H1 2025 ≈ 85,000 adviezen, ≈ 66,000 meldingen).
        d.melding = !rng.chance(0.55);
        if d.melding {
            self.melding(&mut d, &mut rng, &p);
        } else {
            self.advies(&mut d, &mut rng, &p);
        }

        // Nothing happens after a dossier is closed (feedback drawn later moves the closing, not
        // the feedback, whose timing is what the rules judge).
        if let Some(last) = d
            .events
            .iter()
            .filter(|e| e.kind != Kind::Afgesloten)
            .map(|e| e.date)
            .max()
        {
            for e in &mut d.events {
                if e.kind == Kind::Afgesloten && e.date < last {
                    e.date = last;
                }
            }
        }
        // Chronological order, then cut at the as-of date.
        d.events.sort_by_key(|e| e.date);
        let as_of = self.as_of;
        d.events.retain(|e| e.date <= as_of);
        for e in &mut d.events {
            if let Some(h) = &mut e.handover
                && h.geaccepteerd.is_some_and(|g| g > as_of)
            {
                h.geaccepteerd = None;
            }
        }
        d.voorwaarden.retain(|v| v.opgesteld <= as_of);
        if self.situaties_date > as_of {
            d.situaties.clear();
        }
        self.current = d;
    }

    fn advies(&mut self, d: &mut GenDossier, rng: &mut Rng, p: &RegionProfile) {
        d.acuut = false;
        d.melder = Melder {
            hoedanigheid: ["professional", "omstander", "directbetrokkene"]
                [rng.weighted(&[55, 30, 15])],
            rol: "melder",
            bekend: rng.chance(0.7),
            anoniem: false,
            grond: None,
        };
        d.samenvatting = if rng.chance(p.advies_with_bsn) {
            Some(Summary::Bsn(bsn(rng)))
        } else if rng.chance(0.5) {
            pick_fitting(rng, SAMENVATTING_ADVIES, d.melder.hoedanigheid, d).map(Summary::Text)
        } else {
            None
        };
        if rng.chance(p.advies_with_family) {
            let year = d.ontvangen.year();
            d.betrokkenen.push(Person {
                nr: 1,
                rol: "ouder",
                geboortejaar: year - rng.range(24, 45) as i32,
            });
            d.betrokkenen.push(Person {
                nr: 2,
                rol: "kind",
                geboortejaar: year - rng.range(1, 15) as i32,
            });
            adults_older_than_children(d, rng);
        }
        if rng.chance(0.85) {
            let end = self.fwd(add_days(d.ontvangen, rng.range(0, 14)));
            let reden = if rng.chance(p.closing_without_reason) {
                None
            } else {
                Some(REDEN_ADVIES)
            };
            d.events.push(GenEvent::new(Kind::Afgesloten, end, reden));
        }
    }

    fn household(&self, d: &mut GenDossier, rng: &mut Rng) {
        let year = d.ontvangen.year();
        let mut nr = 0u8;
        let mut add = |rol: &'static str, age: i64, d: &mut GenDossier| {
            nr += 1;
            d.betrokkenen.push(Person {
                nr,
                rol,
                geboortejaar: year - age as i32,
            });
        };
        match rng.weighted(&[50, 38, 4, 8]) {
            // Kindermishandeling: one or two parents and children.
            0 => {
                add("ouder", rng.range(22, 50), d);
                if rng.chance(0.7) {
                    add("ouder", rng.range(22, 52), d);
                }
                for _ in 0..rng.range(1, 3) {
                    add("kind", rng.range(0, 17), d);
                }
            }
            // (Ex-)partner violence, often with children.
            1 => {
                add(
                    if rng.chance(0.6) {
                        "partner"
                    } else {
                        "ex_partner"
                    },
                    rng.range(20, 60),
                    d,
                );
                add(
                    if rng.chance(0.6) {
                        "partner"
                    } else {
                        "ex_partner"
                    },
                    rng.range(20, 60),
                    d,
                );
                if rng.chance(0.6) {
                    for _ in 0..rng.range(1, 3) {
                        add("kind", rng.range(0, 17), d);
                    }
                }
            }
            // Elder abuse.
            2 => {
                add("overig", rng.range(70, 92), d);
                add("verzorger", rng.range(40, 65), d);
            }
            _ => {
                add("verzorger", rng.range(25, 60), d);
                add("kind", rng.range(0, 17), d);
            }
        }
        adults_older_than_children(d, rng);
    }

    fn melding(&mut self, d: &mut GenDossier, rng: &mut Rng, p: &RegionProfile) {
        let d0 = d.ontvangen;
        d.acuut = rng.chance(0.05);
        let hoedanigheid =
            ["professional", "omstander", "directbetrokkene"][rng.weighted(&[85, 10, 5])];
        let anoniem = match hoedanigheid {
            "professional" => rng.chance(0.08),
            "omstander" => rng.chance(0.3),
            _ => false,
        };
        let grond = if anoniem && !rng.chance(p.anonymity_without_ground) {
            Some(
                ["gevaar_melder", "vertrouwensrelatie", "gevaar_slachtoffer"]
                    [rng.weighted(&[5, 4, 2])],
            )
        } else {
            None
        };
        d.melder = Melder {
            hoedanigheid,
            rol: if rng.chance(0.08) {
                "informant"
            } else {
                "melder"
            },
            bekend: !rng.chance(p.melder_unknown),
            anoniem,
            grond,
        };
        self.household(d, rng);
        // After the household: the summary names who lives there.
        d.samenvatting = if rng.chance(0.6) {
            pick_fitting(rng, SAMENVATTING_MELDING, hoedanigheid, d).map(Summary::Text)
        } else {
            None
        };
        let informs_melder = d.melder.rol == "melder";

        // Acute unsafety: acted on the same or the next day.
        if d.acuut {
            let late = rng.chance(p.acute_late);
            let at = if late {
                add_days(d0, rng.range(2, 4))
            } else {
                add_days(d0, rng.range(0, 1))
            };
            let what = pick_fitting(rng, ACUTE_ACTIES, hoedanigheid, d);
            d.events.push(GenEvent::new(Kind::AcuteActie, at, what));
        }

        // The veiligheidsbeoordeling: k werkdagen after receipt.
        let due5 = self.wd(d0, 5);
        let vb_late = rng.chance(p.vb_late);
        let k = if vb_late {
            6 + i64::from(rng.geometric(p.vb_late_mean_extra, 120))
        } else if d.acuut {
            rng.range(0, 1)
        } else {
            [1, 2, 3, 4, 5][rng.weighted(&[2, 3, 4, 4, 3])]
        };
        let vb = self.wd(d0, k);

        // Register check, on or before the veiligheidsbeoordeling.
        if rng.chance(p.data_error) {
            // A typing error: dated before the receipt (VT-D01).
            d.events.push(GenEvent::new(
                Kind::Register,
                add_days(d0, -rng.range(1, 3)),
                None,
            ));
        } else if !rng.chance(p.register_skipped) {
            let r = self.wd(d0, rng.range(0, 2)).min(vb);
            d.events.push(GenEvent::new(Kind::Register, r, None));
        } else if rng.chance(0.5) {
            let r = self.wd(vb, rng.range(1, 3));
            d.events.push(GenEvent::new(Kind::Register, r, None));
        }

        let besluit = schema::BESLUIT[rng.weighted(&[60, 27, 6, 2, 5])];
        d.events.push(GenEvent::new(
            Kind::Veiligheidsbeoordeling,
            vb,
            Some(besluit),
        ));

        // Feedback on the outcome: within the term when the assessment was in time.
        let feedback_day = |g: &Generator, rng: &mut Rng| {
            if vb < due5 {
                g.wd(vb, rng.range(0, 1))
            } else if vb == due5 {
                vb
            } else {
                g.wd(vb, rng.range(0, 1))
            }
        };
        if informs_melder && !rng.chance(p.melder_feedback_missing) {
            let at = feedback_day(self, rng);
            d.events.push(GenEvent::new(
                Kind::MelderGeinformeerd,
                at,
                Some("uitkomst_beoordeling"),
            ));
        }
        if !d.betrokkenen.is_empty() {
            let adults: u16 = d
                .betrokkenen
                .iter()
                .filter(|b| b.rol != "kind")
                .fold(0, |m, b| m | 1 << (b.nr - 1));
            let at = if rng.chance(p.informeren_uitgesteld) {
                d.events.push(GenEvent::new(
                    Kind::InformerenUitgesteld,
                    vb,
                    Some(rng.pick(UITSTEL_REDENEN)),
                ));
                self.fwd(add_days(vb, rng.range(10, 30)))
            } else if rng.chance(p.betrokkenen_feedback_late) {
                self.wd(vb, rng.range(5, 25))
            } else {
                feedback_day(self, rng)
            };
            let mut e = GenEvent::new(
                Kind::BetrokkenenGeinformeerd,
                at,
                Some("uitkomst_beoordeling"),
            );
            e.personen = adults;
            d.events.push(e);
        }

        match besluit {
            "directe_overdracht" => {
                let od = self.wd(vb, rng.range(1, 7));
                let h = self.handover(d, rng, p, od, None, 0);
                if informs_melder && !rng.chance(p.melder_feedback_missing) {
                    let at = self.wd(od, rng.range(0, 3));
                    d.events.push(GenEvent::new(
                        Kind::MelderGeinformeerd,
                        at,
                        Some("overdracht"),
                    ));
                }
                self.close_after(d, rng, p, od, h, REDEN_OVERDRACHT);
            }
            "voorwaarden_en_vervolg" => {
                let from = self.wd(vb, rng.range(3, 15));
                self.conditions_and_follow_up(d, rng, p, from, informs_melder, false);
            }
            "onderzoek" => {
                // Working days; the terms count calendar days (VT-T06 5 dagen, VT-T07 10 weken).
                let start = if rng.chance(p.onderzoek_start_late) {
                    self.fwd(add_days(vb, rng.range(6, 20)))
                } else {
                    self.wd(vb, rng.range(0, 3)).min(add_days(vb, 5))
                };
                let end = if rng.chance(p.onderzoek_late) {
                    self.fwd(add_days(vb, rng.range(71, 150)))
                } else {
                    let first = (start - vb).num_days() + 14;
                    let end = add_days(vb, rng.range(first.clamp(28, 70), 70));
                    self.back(end, add_days(start, 1))
                };
                let end = end.max(add_days(start, 1));
                let conclusie = schema::CONCLUSIE[rng.weighted(&[55, 17, 3, 25])];
                d.events
                    .push(GenEvent::new(Kind::OnderzoekGestart, start, None));
                d.events
                    .push(GenEvent::new(Kind::OnderzoekAfgerond, end, Some(conclusie)));
                if informs_melder && !rng.chance(p.melder_feedback_missing) {
                    let at = self.wd(end, rng.range(0, 5));
                    d.events.push(GenEvent::new(
                        Kind::MelderGeinformeerd,
                        at,
                        Some("uitkomst_onderzoek"),
                    ));
                }
                if conclusie == "bevestigd" {
                    let from = self.wd(end, rng.range(0, 10));
                    self.conditions_and_follow_up(d, rng, p, from, false, true);
                } else {
                    let at = self.wd(end, rng.range(1, 10));
                    self.close(d, rng, p, at, REDEN_ONDERZOEK);
                }
            }
            "verzoek_raad" => {
                let vr = self.wd(vb, rng.range(1, 10));
                d.events.push(GenEvent::new(Kind::VerzoekRaad, vr, None));
                if !rng.chance(p.college_not_informed) {
                    d.events.push(GenEvent::new(
                        Kind::CollegeGeinformeerd,
                        self.fwd(add_days(vr, rng.range(0, 5))),
                        None,
                    ));
                }
                let h = self.handover(d, rng, p, vr, Some(RAAD), 0);
                if informs_melder && !rng.chance(p.melder_feedback_missing) {
                    let at = self.wd(vr, rng.range(0, 3));
                    d.events.push(GenEvent::new(
                        Kind::MelderGeinformeerd,
                        at,
                        Some("overdracht"),
                    ));
                }
                self.close_after(d, rng, p, vr, h, REDEN_RAAD);
            }
            _ => {
                let at = self.wd(vb, rng.range(0, 5));
                self.close(d, rng, p, at, REDEN_EINDE);
            }
        }
    }

    /// Situaties, voorwaarden drawn up from `from`, the overdracht, feedback and monitoring.
    fn conditions_and_follow_up(
        &mut self,
        d: &mut GenDossier,
        rng: &mut Rng,
        p: &RegionProfile,
        from: NaiveDate,
        informs_melder: bool,
        after_onderzoek: bool,
    ) {
        let n_sit = [1u8, 2, 3][rng.weighted(&[3, 4, 2])];
        for nr in 1..=n_sit {
            let prioriteit = if nr > 1 && nr == n_sit && rng.chance(0.1) {
                None
            } else {
                Some(nr)
            };
            d.situaties.push(Situation {
                nr,
                omschrijving: rng.pick(SITUATIES),
                prioriteit,
            });
        }
        if rng.chance(p.voorwaarden_missing) {
            // Voorwaarden en vervolg without a written voorwaarde (VT-V01).
            let od = self.wd(from, rng.range(1, 8));
            self.situaties_date = od;
            let h = self.handover(d, rng, p, od, None, 0);
            self.close_after(d, rng, p, od, h, REDEN_OVERDRACHT);
            return;
        }
        let mut covered: Vec<u8> = d
            .situaties
            .iter()
            .filter(|s| s.prioriteit.is_some())
            .map(|s| s.nr)
            .collect();
        if covered.len() > 1 && rng.chance(p.situation_without_voorwaarde) {
            covered.pop();
        }
        let mut nr = 0u8;
        let mut last = from;
        for s in covered {
            let count = if rng.chance(0.15) { 2 } else { 1 };
            for _ in 0..count {
                nr += 1;
                let opgesteld = add_days(from, rng.range(0, 2));
                last = last.max(opgesteld);
                let tekst = if rng.chance(p.vague_voorwaarden) {
                    rng.pick(POOR_VOORWAARDEN)
                } else {
                    rng.pick(GOOD_VOORWAARDEN)
                };
                let (besproken, reden) = if after_onderzoek && rng.chance(0.3) {
                    // The family would not cooperate: drawn up without them, with the reason.
                    (0b1010, Some(rng.pick(GEEN_DIALOOG)))
                } else if rng.chance(p.no_dialogue) {
                    (0b0010, None)
                } else if rng.chance(0.2) {
                    (0b0111, None)
                } else {
                    (0b0011, None)
                };
                d.voorwaarden.push(Condition {
                    nr,
                    situatie: s,
                    tekst,
                    opgesteld,
                    besproken,
                    geen_dialoog_reden: reden,
                });
            }
        }
        self.situaties_date = from;
        let od = self.wd(last, rng.range(1, 8));
        let mut mask: u16 = (0..nr).fold(0, |m, i| m | 1 << i);
        if nr > 1 && rng.chance(p.voorwaarden_not_handed_over) {
            mask &= !(1 << (nr - 1));
        }
        let h = self.handover(d, rng, p, od, None, mask);
        if informs_melder && !rng.chance(p.melder_feedback_missing) {
            let at = self.wd(od, rng.range(0, 5));
            d.events.push(GenEvent::new(
                Kind::MelderGeinformeerd,
                at,
                Some("overdracht"),
            ));
        }
        // Monitoring, about 18 months on average.
        let months = rng.normalish(p.monitoring_months, 4.0).clamp(6.0, 36.0);
        // The contacts run to the planned end, and `monitoring_afgerond` follows the last one
        // 7–30 days later: planned so that the duration to it, not to the last contact, has
        // the profile's mean (stopping at the last contact before the end made it 1.5 months
        // short).
        let duration = (months * 30.44) as i64 - 18;
        let end_by = add_days(od, duration);
        let mut t = if rng.chance(p.monitoring_first_late) {
            self.fwd(add_days(od, rng.range(95, 180)))
        } else {
            self.fwd(add_days(od, rng.range(28, 84)))
        };
        let mut state: Vec<u8> = (0..nr)
            .map(|_| [0u8, 1, 2][rng.weighted(&[15, 35, 50])])
            .collect();
        let mut gap_left = rng.chance(p.monitoring_gap);
        let mut last_contact;
        let rated: u16 = (0..nr).fold(0, |m, i| m | 1 << i);
        loop {
            let mut e = GenEvent::new(Kind::Monitoring, t, None);
            e.rated = rated;
            e.ratings = pack(&state);
            d.events.push(e);
            last_contact = t;
            for s in &mut state {
                if *s < 2 && rng.chance(0.5) {
                    *s += 1;
                }
            }
            let step = if gap_left && rng.chance(0.4) {
                gap_left = false;
                rng.range(215, 280)
            } else {
                rng.range(60, 150)
            };
            let next = self.fwd(add_days(t, step));
            if next > end_by || d.events.len() > 200 {
                // A last contact at the planned end when the next one would overshoot it.
                let at_end = self.fwd(end_by);
                if next > end_by && (at_end - t).num_days() >= 28 && d.events.len() <= 200 {
                    let mut e = GenEvent::new(Kind::Monitoring, at_end, None);
                    e.rated = rated;
                    e.ratings = pack(&state);
                    d.events.push(e);
                    last_contact = at_end;
                }
                break;
            }
            t = next;
        }
        let reden = schema::MONITORING_REDEN[rng.weighted(&[75, 10, 10, 5])];
        // The last contact's ratings follow the reason.
        if let Some(e) = d
            .events
            .iter_mut()
            .rev()
            .find(|e| e.kind == Kind::Monitoring && e.date == last_contact)
            && nr > 0
        {
            let mut last_state: Vec<u8> = (0..nr).map(|_| 2).collect();
            if reden == "stabiel_veilig" && rng.chance(p.stable_too_early) {
                last_state[rng.below(u64::from(nr)) as usize] = 1;
            }
            if reden == "escalatie" {
                last_state[rng.below(u64::from(nr)) as usize] = 0;
            }
            if reden == "stabiel_veilig" || reden == "escalatie" {
                e.ratings = pack(&last_state);
            }
        }
        let done = self.fwd(add_days(last_contact, rng.range(7, 30)));
        d.events
            .push(GenEvent::new(Kind::MonitoringAfgerond, done, Some(reden)));
        let closing = self
            .fwd(add_days(done, rng.range(0, 10)))
            .max(h.geaccepteerd.unwrap_or(done));
        self.close(d, rng, p, closing, REDEN_MONITORING);
    }

    fn handover(
        &mut self,
        d: &mut GenDossier,
        rng: &mut Rng,
        p: &RegionProfile,
        at: NaiveDate,
        partij: Option<&'static str>,
        voorwaarden: u16,
    ) -> Handover {
        let partij = match partij {
            Some(x) => Some(x),
            None if rng.chance(p.partij_missing) => None,
            // Most handovers go to the local team, as before 7 in 12 to a team with a place.
            None => {
                let local = local_teams(d.region);
                if !local.is_empty() && rng.chance(7.0 / 12.0) {
                    Some(rng.pick(local))
                } else {
                    Some(rng.pick(PARTIJEN))
                }
            }
        };
        let (schriftelijk, document) = if rng.chance(p.overdracht_not_written) {
            if rng.chance(0.7) {
                (false, None)
            } else {
                (true, None)
            }
        } else {
            (true, Some(rng.range(1, 99_999) as u32))
        };
        let geaccepteerd = if rng.chance(0.03) {
            None
        } else {
            Some(self.fwd(add_days(at, rng.range(1, 10))))
        };
        let h = Handover {
            partij,
            schriftelijk,
            document,
            warm: !rng.chance(p.overdracht_cold),
            voorwaarden,
            geaccepteerd,
        };
        let mut e = GenEvent::new(Kind::Overdracht, at, None);
        e.handover = Some(h);
        d.events.push(e);
        h
    }

    /// Closes after the overdracht was accepted (or, with the profile's probability, before).
    fn close_after(
        &mut self,
        d: &mut GenDossier,
        rng: &mut Rng,
        p: &RegionProfile,
        od: NaiveDate,
        h: Handover,
        reden: &'static str,
    ) {
        let accepted = h.geaccepteerd.unwrap_or(od);
        let at = if h.geaccepteerd.is_some() && rng.chance(p.closed_before_acceptance) {
            od
        } else {
            self.fwd(add_days(accepted, rng.range(0, 7)))
        };
        // Without an acceptance the dossier stays open unless it is closed anyway.
        if h.geaccepteerd.is_none() && !rng.chance(p.closed_before_acceptance) {
            return;
        }
        self.close(d, rng, p, at, reden);
    }

    fn close(
        &mut self,
        d: &mut GenDossier,
        rng: &mut Rng,
        p: &RegionProfile,
        at: NaiveDate,
        reden: &'static str,
    ) {
        let reden = if rng.chance(p.closing_without_reason) {
            None
        } else {
            Some(reden)
        };
        d.events.push(GenEvent::new(Kind::Afgesloten, at, reden));
    }
}

fn pack(state: &[u8]) -> u32 {
    state
        .iter()
        .enumerate()
        .take(16)
        .fold(0, |acc, (i, s)| acc | (u32::from(*s & 3) << (2 * i)))
}

/// The adults of a household with children are at least 16 years older than the eldest child.
fn adults_older_than_children(d: &mut GenDossier, rng: &mut Rng) {
    let Some(eldest) = d
        .betrokkenen
        .iter()
        .filter(|b| b.rol == "kind")
        .map(|b| b.geboortejaar)
        .min()
    else {
        return;
    };
    for b in &mut d.betrokkenen {
        if b.rol != "kind" && b.rol != "overig" && b.geboortejaar > eldest - 16 {
            b.geboortejaar = eldest - 16 - rng.range(0, 12) as i32;
        }
    }
}

/// A nine-digit number that passes the elfproef (a BSN-like number, VT-A02). It starts with
/// 99999, as the test BSNs of Dutch government test environments do, not with the digits of a
/// resident's number: demo data must never quote a real person's BSN.
fn bsn(rng: &mut Rng) -> u32 {
    loop {
        let mut digits = [9u32; 9];
        for x in digits.iter_mut().take(8).skip(5) {
            *x = rng.below(10) as u32;
        }
        let s: u32 = (0..8).map(|i| digits[i] * (9 - i as u32)).sum();
        let check = s % 11;
        if check <= 9 {
            digits[8] = check;
            return digits.iter().fold(0, |n, x| n * 10 + x);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

fn push_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    push_uint(out, n.unsigned_abs());
}

fn push2(out: &mut Vec<u8>, n: u32) {
    out.push(b'0' + (n / 10 % 10) as u8);
    out.push(b'0' + (n % 10) as u8);
}

fn push4(out: &mut Vec<u8>, n: i32) {
    let n = n.clamp(0, 9999) as u32;
    push2(out, n / 100);
    push2(out, n % 100);
}

/// `YYYY-MM-DD`.
fn push_iso(out: &mut Vec<u8>, d: NaiveDate) {
    push4(out, d.year());
    out.push(b'-');
    push2(out, d.month());
    out.push(b'-');
    push2(out, d.day());
}

/// `DD-MM-YYYY`, as Dutch exports write it.
fn push_dutch(out: &mut Vec<u8>, d: NaiveDate) {
    push2(out, d.day());
    out.push(b'-');
    push2(out, d.month());
    out.push(b'-');
    push4(out, d.year());
}

fn push_time(out: &mut Vec<u8>, h: u8, m: u8) {
    push2(out, u32::from(h));
    out.push(b':');
    push2(out, u32::from(m));
}

/// A JSON string literal (also a valid YAML double-quoted scalar).
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.extend_from_slice(s.as_bytes());
    } else {
        for b in s.bytes() {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b if b < 0x20 => {
                    out.extend_from_slice(b"\\u00");
                    let hex = b"0123456789abcdef";
                    out.push(hex[usize::from(b >> 4)]);
                    out.push(hex[usize::from(b & 15)]);
                }
                b => out.push(b),
            }
        }
    }
    out.push(b'"');
}

fn push_bool(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn push_summary(out: &mut Vec<u8>, s: Summary) {
    match s {
        Summary::Text(t) => push_json_str(out, t),
        Summary::Bsn(_) => push_json_str(out, &summary_text(s)),
    }
}

fn summary_text(s: Summary) -> String {
    match s {
        Summary::Text(t) => t.to_string(),
        Summary::Bsn(n) => {
            format!("Adviesvrager noemt het burgerservicenummer {n:09} van het kind.")
        }
    }
}

fn push_document(out: &mut Vec<u8>, year: i32, n: u32) {
    out.extend_from_slice(b"OVD-");
    push4(out, year);
    out.push(b'-');
    let mut digits = [0u8; 5];
    let mut x = n;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (x % 10) as u8;
        x /= 10;
    }
    out.extend_from_slice(&digits);
}

/// Writes one dossier's structure as a JSON Lines line or as a YAML block document. Both
/// writers walk the dossier once, through this, so the two formats cannot drift apart; the
/// YAML is written in block style with plain scalars where they are safe (codes, dates, ids) and
/// double-quoted (JSON-escaped) free text.
struct Emitter<'o> {
    out: &'o mut Vec<u8>,
    yaml: bool,
    /// Containers below the root object; YAML indents keys two spaces per level.
    depth: usize,
    /// Per level: the container this level is.
    kind: [Level; 6],
    /// Per level: nothing written in it yet (JSON's commas, YAML's dash and empty `[]`).
    first: [bool; 6],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Object,
    /// An object that is a list element: in YAML its first key carries the dash.
    Item,
    List,
}

impl<'o> Emitter<'o> {
    /// Starts the root object.
    fn new(out: &'o mut Vec<u8>, yaml: bool) -> Emitter<'o> {
        if !yaml {
            out.push(b'{');
        }
        Emitter {
            out,
            yaml,
            depth: 0,
            kind: [Level::Object; 6],
            first: [true; 6],
        }
    }

    /// Ends the root object and the line or document.
    fn finish(self) {
        self.out
            .extend_from_slice(if self.yaml { b"\n" } else { b"}\n" });
    }

    fn key(&mut self, k: &[u8]) {
        let first = std::mem::replace(&mut self.first[self.depth], false);
        if self.yaml {
            if self.depth > 0 || !first {
                self.out.push(b'\n');
            }
            let indent = 2 * self.depth;
            if first && self.kind[self.depth] == Level::Item {
                self.out.resize(self.out.len() + indent - 2, b' ');
                self.out.extend_from_slice(b"- ");
            } else {
                self.out.resize(self.out.len() + indent, b' ');
            }
            self.out.extend_from_slice(k);
            self.out.push(b':');
        } else {
            if !first {
                self.out.push(b',');
            }
            self.out.push(b'"');
            self.out.extend_from_slice(k);
            self.out.extend_from_slice(b"\":");
        }
    }

    /// A value that needs no quotes in YAML (a code, date or id); JSON quotes it as it is.
    fn plain_with(&mut self, k: &[u8], write: impl FnOnce(&mut Vec<u8>)) {
        self.key(k);
        self.out.push(if self.yaml { b' ' } else { b'"' });
        write(self.out);
        if !self.yaml {
            self.out.push(b'"');
        }
    }

    fn plain(&mut self, k: &[u8], v: &str) {
        self.plain_with(k, |out| out.extend_from_slice(v.as_bytes()));
    }

    fn date(&mut self, k: &[u8], d: NaiveDate) {
        self.plain_with(k, |out| push_iso(out, d));
    }

    /// Free text: a JSON string literal, which YAML reads as a double-quoted scalar.
    fn text(&mut self, k: &[u8], v: &str) {
        self.bare(k, |out| push_json_str(out, v));
    }

    /// A number, boolean or quoted literal: the same bytes in both formats.
    fn bare(&mut self, k: &[u8], write: impl FnOnce(&mut Vec<u8>)) {
        self.key(k);
        if self.yaml {
            self.out.push(b' ');
        }
        write(self.out);
    }

    fn bool(&mut self, k: &[u8], b: bool) {
        self.bare(k, |out| push_bool(out, b));
    }

    fn uint(&mut self, k: &[u8], n: u64) {
        self.bare(k, |out| push_uint(out, n));
    }

    /// A list of plain values on one line: `[a, b]` in YAML, `["a","b"]` in JSON.
    fn flow<T>(
        &mut self,
        k: &[u8],
        items: impl Iterator<Item = T>,
        write: impl Fn(&mut Vec<u8>, T),
    ) {
        self.key(k);
        let (open, sep, quote): (&[u8], &[u8], &[u8]) = if self.yaml {
            (b" [", b", ", b"")
        } else {
            (b"[", b",", b"\"")
        };
        self.out.extend_from_slice(open);
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.out.extend_from_slice(sep);
            }
            self.out.extend_from_slice(quote);
            write(self.out, item);
            self.out.extend_from_slice(quote);
        }
        self.out.push(b']');
    }

    fn open(&mut self, level: Level) {
        self.depth += 1;
        self.kind[self.depth] = level;
        self.first[self.depth] = true;
    }

    /// A nested object as the value of `k`.
    fn object(&mut self, k: &[u8]) {
        self.key(k);
        if !self.yaml {
            self.out.push(b'{');
        }
        self.open(Level::Object);
    }

    /// A list of objects as the value of `k`; [`Emitter::item`] starts each element.
    fn list(&mut self, k: &[u8]) {
        self.key(k);
        if !self.yaml {
            self.out.push(b'[');
        }
        self.open(Level::List);
    }

    /// The next object of the current list.
    fn item(&mut self) {
        let first = std::mem::replace(&mut self.first[self.depth], false);
        if !self.yaml {
            if !first {
                self.out.push(b',');
            }
            self.out.push(b'{');
        }
        self.open(Level::Item);
    }

    /// Ends the innermost object or list.
    fn close(&mut self) {
        let (level, empty) = (self.kind[self.depth], self.first[self.depth]);
        self.depth -= 1;
        if self.yaml {
            if level == Level::List && empty {
                self.out.extend_from_slice(b" []");
            }
        } else {
            self.out
                .push(if level == Level::List { b']' } else { b'}' });
        }
    }
}

/// `Pn`, `Sn`, `Vn`.
fn push_ref(out: &mut Vec<u8>, prefix: u8, nr: u8) {
    out.push(prefix);
    push_uint(out, u64::from(nr));
}

/// The numbers `1..=16` whose bit `n - 1` is set in `mask`.
fn bits(mask: u16) -> impl Iterator<Item = u8> {
    (1..=16u8).filter(move |nr| mask & (1 << (nr - 1)) != 0)
}

/// `Pn,Pm` / `Vn,Vm`: the ids of the set bits, as one CSV cell.
fn push_id_list(out: &mut Vec<u8>, prefix: u8, mask: u16) {
    for (i, nr) in bits(mask).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_ref(out, prefix, nr);
    }
}

/// Writes one dossier as a JSON Lines line (with the trailing newline).
pub fn write_json(d: &GenDossier, out: &mut Vec<u8>) {
    write_dossier(d, Emitter::new(out, false));
}

/// Writes one dossier as a YAML document (one file).
pub fn write_yaml(d: &GenDossier, out: &mut Vec<u8>) {
    out.extend_from_slice(b"# Synthetisch dossier (vtcheck generate); geen echte gegevens.\n");
    write_dossier(d, Emitter::new(out, true));
}

fn write_dossier(d: &GenDossier, mut e: Emitter<'_>) {
    e.plain(b"formaat", "vtdossier/1");
    e.text(b"id", &d.id);
    e.plain(b"regio", d.region);
    e.plain(b"soort", if d.melding { "melding" } else { "advies" });
    e.plain_with(b"ontvangen", |out| {
        push_iso(out, d.ontvangen);
        out.push(b'T');
        push_time(out, d.hour, d.minute);
    });
    e.bool(b"acuut", d.acuut);
    if let Some(s) = d.samenvatting {
        e.bare(b"samenvatting", |out| push_summary(out, s));
    }
    let m = &d.melder;
    e.object(b"melder");
    e.plain(b"hoedanigheid", m.hoedanigheid);
    e.plain(b"rol", m.rol);
    e.bool(b"bekend", m.bekend);
    e.bool(b"anoniem_naar_betrokkenen", m.anoniem);
    if let Some(g) = m.grond {
        e.plain(b"anonimiteitsgrond", g);
    }
    e.close();
    e.list(b"betrokkenen");
    for b in &d.betrokkenen {
        e.item();
        e.plain_with(b"id", |out| push_ref(out, b'P', b.nr));
        e.plain(b"rol", b.rol);
        e.bare(b"geboortejaar", |out| {
            push_int(out, i64::from(b.geboortejaar))
        });
        e.close();
    }
    e.close();
    if !d.situaties.is_empty() {
        e.list(b"situaties");
        for s in &d.situaties {
            e.item();
            e.plain_with(b"id", |out| push_ref(out, b'S', s.nr));
            e.text(b"omschrijving", s.omschrijving);
            if let Some(p) = s.prioriteit {
                e.uint(b"prioriteit", u64::from(p));
            }
            e.close();
        }
        e.close();
    }
    if !d.voorwaarden.is_empty() {
        e.list(b"voorwaarden");
        for v in &d.voorwaarden {
            e.item();
            e.plain_with(b"id", |out| push_ref(out, b'V', v.nr));
            e.plain_with(b"situatie", |out| push_ref(out, b'S', v.situatie));
            e.text(b"tekst", v.tekst);
            e.date(b"opgesteld", v.opgesteld);
            let with = schema::BESPROKEN_MET.iter().enumerate();
            let with = with.filter(|(bit, _)| v.besproken & (1 << bit) != 0);
            e.flow(b"besproken_met", with, |out, (_, name)| {
                out.extend_from_slice(name.as_bytes())
            });
            if let Some(r) = v.geen_dialoog_reden {
                e.text(b"geen_dialoog_reden", r);
            }
            e.close();
        }
        e.close();
    }
    e.list(b"gebeurtenissen");
    for ev in &d.events {
        e.item();
        e.plain(b"soort", ev.kind.name());
        e.date(b"datum", ev.date);
        if let Some(v) = ev.value {
            e.text(ev.kind.value_field().as_bytes(), v);
        }
        if ev.kind == Kind::BetrokkenenGeinformeerd && ev.personen != 0 {
            e.flow(b"personen", bits(ev.personen), |out, nr| {
                push_ref(out, b'P', nr)
            });
        }
        if let Some(h) = &ev.handover {
            if let Some(p) = h.partij {
                e.text(b"partij", p);
            }
            e.bool(b"schriftelijk", h.schriftelijk);
            if let Some(n) = h.document {
                e.plain_with(b"document", |out| push_document(out, ev.date.year(), n));
            }
            e.bool(b"warm", h.warm);
            e.flow(b"voorwaarden", bits(h.voorwaarden), |out, nr| {
                push_ref(out, b'V', nr)
            });
            if let Some(g) = h.geaccepteerd {
                e.date(b"geaccepteerd", g);
            }
        }
        if ev.kind == Kind::Monitoring && ev.rated != 0 {
            e.object(b"beoordeling");
            for nr in bits(ev.rated) {
                let mut key = Vec::with_capacity(3);
                push_ref(&mut key, b'V', nr);
                e.plain(&key, ev.rating(nr));
            }
            e.close();
        }
        e.close();
    }
    e.close();
    e.finish();
}

// CSV: the default column mapping of `dossier::csv_events` (docs/csv.md).

use crate::dossier::csv_events::col;

/// Writes the CSV header line (with the UTF-8 byte order mark Excel writes).
pub fn write_csv_header(out: &mut Vec<u8>) {
    out.extend_from_slice(b"\xEF\xBB\xBF");
    for (i, c) in crate::dossier::csv_events::COLUMNS.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(c.key.as_bytes());
    }
    out.extend_from_slice(b"\r\n");
}

/// A CSV cell: quoted when it holds the separator, a quote or a line break.
fn push_csv_cell(out: &mut Vec<u8>, s: &[u8]) {
    if s.iter().any(|b| matches!(b, b';' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in s {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s);
    }
}

/// Builds one row: cells are written in increasing column order, the rest stays empty.
struct CsvRow<'a> {
    out: &'a mut Vec<u8>,
    col: usize,
}

impl<'a> CsvRow<'a> {
    /// A new row whose dossier columns are `prefix` (written up to `gebeurtenis`).
    fn event(out: &'a mut Vec<u8>, prefix: &[u8]) -> CsvRow<'a> {
        out.extend_from_slice(prefix);
        CsvRow {
            out,
            col: col::GEBEURTENIS,
        }
    }

    fn to(&mut self, col: usize) {
        while self.col < col {
            self.out.push(b';');
            self.col += 1;
        }
    }

    fn text(&mut self, col: usize, s: &str) {
        self.to(col);
        push_csv_cell(self.out, s.as_bytes());
    }

    fn date(&mut self, col: usize, d: NaiveDate) {
        self.to(col);
        push_dutch(self.out, d);
    }

    fn uint(&mut self, col: usize, n: u64) {
        self.to(col);
        push_uint(self.out, n);
    }

    fn int(&mut self, col: usize, n: i64) {
        self.to(col);
        push_int(self.out, n);
    }

    fn boolean(&mut self, col: usize, b: bool) {
        self.to(col);
        self.out.extend_from_slice(if b { b"ja" } else { b"nee" });
    }

    fn id(&mut self, col: usize, prefix: u8, nr: u8) {
        self.to(col);
        self.out.push(prefix);
        push_uint(self.out, u64::from(nr));
    }

    fn end(mut self) {
        self.to(crate::dossier::csv_events::COLUMNS.len() - 1);
        self.out.extend_from_slice(b"\r\n");
    }
}

/// Writes one dossier as CSV rows (default mapping): items first (betrokkene, situatie,
/// voorwaarde), then the events in date order; a dossier without either gets one row with an
/// empty `gebeurtenis`.
pub fn write_csv(d: &GenDossier, out: &mut Vec<u8>, prefix: &mut Vec<u8>) {
    // The dossier columns, repeated on every row.
    prefix.clear();
    {
        let mut r = CsvRow {
            out: prefix,
            col: 0,
        };
        r.text(col::DOSSIER, &d.id);
        r.text(col::REGIO, d.region);
        r.text(col::SOORT, if d.melding { "melding" } else { "advies" });
        r.to(col::ONTVANGEN);
        push_dutch(r.out, d.ontvangen);
        r.out.push(b' ');
        push_time(r.out, d.hour, d.minute);
        r.boolean(col::ACUUT, d.acuut);
        if let Some(s) = d.samenvatting {
            r.text(col::SAMENVATTING, &summary_text(s));
        }
        let m = &d.melder;
        r.text(col::MELDER_HOEDANIGHEID, m.hoedanigheid);
        r.text(col::MELDER_ROL, m.rol);
        r.boolean(col::MELDER_BEKEND, m.bekend);
        r.boolean(col::MELDER_ANONIEM, m.anoniem);
        if let Some(g) = m.grond {
            r.text(col::MELDER_ANONIMITEITSGROND, g);
        }
        r.to(col::GEBEURTENIS);
    }
    let mut rows = 0;
    for b in &d.betrokkenen {
        let mut r = CsvRow::event(out, prefix);
        r.text(col::GEBEURTENIS, "betrokkene");
        r.id(col::ID, b'P', b.nr);
        r.text(col::ROL, b.rol);
        r.int(col::GEBOORTEJAAR, i64::from(b.geboortejaar));
        r.end();
        rows += 1;
    }
    for s in &d.situaties {
        let mut r = CsvRow::event(out, prefix);
        r.text(col::GEBEURTENIS, "situatie");
        r.id(col::ID, b'S', s.nr);
        r.text(col::OMSCHRIJVING, s.omschrijving);
        if let Some(p) = s.prioriteit {
            r.uint(col::PRIORITEIT, u64::from(p));
        }
        r.end();
        rows += 1;
    }
    for v in &d.voorwaarden {
        let mut r = CsvRow::event(out, prefix);
        r.text(col::GEBEURTENIS, "voorwaarde");
        r.date(col::DATUM, v.opgesteld);
        r.id(col::ID, b'V', v.nr);
        r.id(col::SITUATIE, b'S', v.situatie);
        r.text(col::TEKST, v.tekst);
        r.to(col::BESPROKEN_MET);
        let mut first = true;
        for (bit, name) in schema::BESPROKEN_MET.iter().enumerate() {
            if v.besproken & (1 << bit) != 0 {
                if !first {
                    r.out.push(b',');
                }
                first = false;
                r.out.extend_from_slice(name.as_bytes());
            }
        }
        if let Some(g) = v.geen_dialoog_reden {
            r.text(col::GEEN_DIALOOG_REDEN, g);
        }
        r.end();
        rows += 1;
    }
    for e in &d.events {
        let mut r = CsvRow::event(out, prefix);
        r.text(col::GEBEURTENIS, e.kind.name());
        r.date(col::DATUM, e.date);
        if let Some(v) = e.value {
            let c = match e.kind.value_field() {
                "omschrijving" => col::OMSCHRIJVING,
                "besluit" => col::BESLUIT,
                "over" => col::OVER,
                "conclusie" => col::CONCLUSIE,
                _ => col::REDEN,
            };
            r.text(c, v);
        }
        if e.kind == Kind::BetrokkenenGeinformeerd && e.personen != 0 {
            r.to(col::PERSONEN);
            push_id_list(r.out, b'P', e.personen);
        }
        if let Some(h) = &e.handover {
            if let Some(p) = h.partij {
                r.text(col::PARTIJ, p);
            }
            r.boolean(col::SCHRIFTELIJK, h.schriftelijk);
            if let Some(n) = h.document {
                r.to(col::DOCUMENT);
                push_document(r.out, e.date.year(), n);
            }
            r.boolean(col::WARM, h.warm);
            if h.voorwaarden != 0 {
                r.to(col::VOORWAARDEN);
                push_id_list(r.out, b'V', h.voorwaarden);
            }
            if let Some(g) = h.geaccepteerd {
                r.date(col::GEACCEPTEERD, g);
            }
        }
        if e.kind == Kind::Monitoring && e.rated != 0 {
            r.to(col::BEOORDELING);
            for (i, nr) in bits(e.rated).enumerate() {
                if i > 0 {
                    r.out.push(b',');
                }
                push_ref(r.out, b'V', nr);
                r.out.push(b'=');
                r.out.extend_from_slice(e.rating(nr).as_bytes());
            }
        }
        r.end();
        rows += 1;
    }
    if rows == 0 {
        CsvRow::event(out, prefix).end();
    }
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

/// Bytes gathered before a write to the output.
const CHUNK: usize = 1 << 20;

/// Streams the dossiers as JSON Lines or CSV to `out`. Returns the number of dossiers written.
pub fn write_stream(
    opts: &GenOptions,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<u64, GenError> {
    let mut generator = Generator::new(opts).map_err(GenError::Options)?;
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + 64 * 1024);
    let mut prefix = Vec::with_capacity(512);
    if format == OutputFormat::Csv {
        write_csv_header(&mut buf);
    }
    let mut n = 0u64;
    while let Some(d) = generator.next_dossier() {
        match format {
            OutputFormat::Csv => write_csv(d, &mut buf, &mut prefix),
            _ => write_json(d, &mut buf),
        }
        n += 1;
        if buf.len() >= CHUNK {
            out.write_all(&buf).map_err(GenError::Io)?;
            buf.clear();
        }
    }
    out.write_all(&buf).map_err(GenError::Io)?;
    out.flush().map_err(GenError::Io)?;
    Ok(n)
}

/// Why generating stopped.
#[derive(Debug)]
pub enum GenError {
    /// Invalid options (Dutch message).
    Options(String),
    /// Writing to the output stream failed. The CLI treats a closed pipe (`| head`) as success.
    Io(io::Error),
    /// A file or directory problem, with its path (Dutch message).
    Path(PathBuf, String),
}

impl std::fmt::Display for GenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenError::Options(m) => write!(f, "{m}"),
            GenError::Io(e) => write!(f, "schrijffout: {}", crate::diag::io_nl(e)),
            GenError::Path(p, m) => write!(f, "{}: {m}", crate::dossier::shown_path(p)),
        }
    }
}

/// Writes the manifest `dir/export.yaml` (`exportdatum` = the as-of date, `aantal_dossiers`)
/// and one YAML file per dossier into `dir/<region>/<id>.yaml`. `dir` must not exist or be
/// empty, so that an export never mixes with older files.
pub fn write_yaml_dir(opts: &GenOptions, dir: &Path) -> Result<u64, GenError> {
    let mut generator = Generator::new(opts).map_err(GenError::Options)?;
    let path_err = |p: &Path, e: io::Error| GenError::Path(p.to_path_buf(), crate::diag::io_nl(&e));
    if dir.exists() {
        if !dir.is_dir() {
            return Err(GenError::Path(
                dir.to_path_buf(),
                "bestaat al en is geen map".into(),
            ));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| path_err(dir, e))?;
        if entries.next().is_some() {
            return Err(GenError::Path(
                dir.to_path_buf(),
                "map is niet leeg; kies een nieuwe of lege map zodat de export niet mengt met oude bestanden".into(),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| path_err(dir, e))?;
    for code in &opts.regions {
        let sub = dir.join(code);
        std::fs::create_dir_all(&sub).map_err(|e| path_err(&sub, e))?;
    }
    let manifest = |n: u64| {
        let mut m = Vec::new();
        m.extend_from_slice(b"# Synthetische export (vtcheck generate); geen echte gegevens.\n");
        m.extend_from_slice(b"formaat: vtexport/1\n");
        if let [only] = opts.regions.as_slice() {
            m.extend_from_slice(b"regio: ");
            m.extend_from_slice(only.as_bytes());
            m.push(b'\n');
        }
        m.extend_from_slice(b"exportdatum: ");
        push_iso(&mut m, opts.as_of);
        m.extend_from_slice(b"\nbron: \"vtcheck generate, seed ");
        push_uint(&mut m, opts.seed);
        m.extend_from_slice(b"\"\naantal_dossiers: ");
        push_uint(&mut m, n);
        m.push(b'\n');
        m
    };
    // The manifest first, with the number of dossiers to come: an export cut short (an
    // interrupted run, a full disk) then has fewer files than it says, which `check` reports,
    // instead of passing for a complete export of what happens to be there.
    let manifest_path = dir.join(crate::dossier::source::MANIFEST_NAME);
    std::fs::write(&manifest_path, manifest(opts.dossiers))
        .map_err(|e| path_err(&manifest_path, e))?;
    let mut buf = Vec::with_capacity(8 * 1024);
    let mut name = String::new();
    let mut n = 0u64;
    while let Some(d) = generator.next_dossier() {
        buf.clear();
        write_yaml(d, &mut buf);
        name.clear();
        name.push_str(&d.id.to_ascii_lowercase());
        name.push_str(".yaml");
        let path = dir.join(d.region).join(&name);
        std::fs::write(&path, &buf).map_err(|e| path_err(&path, e))?;
        n += 1;
    }
    if n != opts.dossiers {
        std::fs::write(&manifest_path, manifest(n)).map_err(|e| path_err(&manifest_path, e))?;
    }
    Ok(n)
}

/// Writes a stream to `path` as reports are written ([`crate::report::write_atomic_with`]): a
/// file without a name until it is complete, then renamed into place, so an interrupted run
/// leaves neither half an export under the final name nor a temporary file; a device or pipe
/// (`/dev/null`, a FIFO) is written as it is, never replaced by a regular file.
pub fn write_stream_to_file(
    opts: &GenOptions,
    format: OutputFormat,
    path: &Path,
) -> Result<u64, GenError> {
    if path.is_dir() {
        return Err(GenError::Path(
            path.to_path_buf(),
            "is een map; geef een bestandsnaam, of gebruik --format yaml-dir voor een map".into(),
        ));
    }
    // Options are checked before any file is made.
    Generator::new(opts).map_err(GenError::Options)?;
    let mut outcome: Option<Result<u64, GenError>> = None;
    let written = crate::report::write_atomic_with(path, &mut |w| {
        let r = write_stream(opts, format, w);
        let failed = r.is_err();
        outcome = Some(r);
        if failed {
            // The generator's own error is kept in `outcome`; this one only stops the write.
            Err(io::Error::other("generate"))
        } else {
            Ok(())
        }
    });
    match (outcome, written) {
        // A write error names the file, as `check -o` does.
        (Some(Err(GenError::Io(e))), _) => Err(GenError::Path(
            path.to_path_buf(),
            format!("schrijffout: {}", crate::diag::io_nl(&e)),
        )),
        (Some(Err(e)), _) => Err(e),
        (_, Err(e)) => Err(GenError::Path(path.to_path_buf(), crate::diag::io_nl(&e))),
        (Some(Ok(n)), Ok(())) => Ok(n),
        (None, Ok(())) => Err(GenError::Io(io::Error::other("geen uitvoer geschreven"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(n: u64, seed: u64) -> GenOptions {
        GenOptions {
            dossiers: n,
            seed,
            regions: vec!["midden-brabant", "rotterdam-rijnmond"],
            as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        }
    }

    /// Review 32: a dossier is handed over to a team of its own region or to a party without a
    /// place, never to a town's team elsewhere (a Frisian family to a Tilburg district team).
    #[test]
    fn handovers_go_to_teams_of_the_own_region() {
        let o = GenOptions {
            regions: vec!["friesland", "midden-brabant", "zuid-limburg"],
            ..opts(3000, 3)
        };
        let mut out = Vec::new();
        write_stream(&o, OutputFormat::Jsonl, &mut out).unwrap();
        let (mut local, mut general) = (0, 0);
        for line in String::from_utf8(out).unwrap().lines() {
            let d: serde_json::Value = serde_json::from_str(line).unwrap();
            let region = d["regio"].as_str().unwrap();
            for e in d["gebeurtenissen"].as_array().unwrap() {
                let Some(partij) = e["partij"].as_str().filter(|_| e["soort"] == "overdracht")
                else {
                    continue;
                };
                if local_teams(region).contains(&partij) {
                    local += 1;
                } else {
                    assert!(
                        PARTIJEN.contains(&partij) || partij == RAAD,
                        "{region}: {partij}"
                    );
                    general += 1;
                }
            }
        }
        assert!(local > 100 && general > 50, "{local} {general}");
    }

    #[test]
    fn rng_is_deterministic_and_streams_differ() {
        let mut a = Rng::for_stream(7, 1);
        let mut b = Rng::for_stream(7, 1);
        let mut c = Rng::for_stream(7, 2);
        let xa: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let v = r.range(3, 5);
            assert!((3..=5).contains(&v));
            assert!(r.unit() < 1.0);
        }
    }

    #[test]
    fn bsn_passes_the_elfproef() {
        let mut r = Rng::new(3);
        for _ in 0..100 {
            let n = bsn(&mut r);
            let digits: Vec<u32> = format!("{n:09}")
                .chars()
                .filter_map(|c| c.to_digit(10))
                .collect();
            let s: i64 = (0..8)
                .map(|i| i64::from(digits[i]) * (9 - i as i64))
                .sum::<i64>()
                - i64::from(digits[8]);
            assert_eq!(s % 11, 0, "{n}");
        }
    }

    #[test]
    fn every_table_region_has_a_profile_and_unique_abbreviation() {
        let table = RegionTable::default_table();
        let mut abbrs: Vec<&str> = Vec::new();
        for code in table.codes() {
            let p = profile(code);
            assert_eq!(p.code, *code);
            assert!(!abbrs.contains(&p.abbr), "{}", p.abbr);
            abbrs.push(p.abbr);
            match p.t01_tier {
                T01Tier::Compliant => assert!(p.vb_late <= 0.05),
                T01Tier::Typical => assert_eq!(p.vb_late, TYPICAL_T01_LATE),
                T01Tier::Late => assert!((0.50..=0.58).contains(&p.vb_late)),
            }
        }
        // Typical regions are late as often as the nation (equal region sizes), so no export is
        // large enough to put them outside the funnel but by chance: a difference of a quarter
        // point would be significant from about 130,000 meldingen per region.
        let codes = table.codes();
        let national = codes.iter().map(|c| profile(c).vb_late).sum::<f64>() / codes.len() as f64;
        for c in codes {
            let p = profile(c);
            assert!(
                p.t01_tier != T01Tier::Typical || (p.vb_late - national).abs() < 0.0005,
                "{c}: {} against {national}",
                p.vb_late
            );
        }
        assert_eq!(PROFILES.len(), table.codes().len());
        // Every region has local teams to hand over to.
        for code in table.codes() {
            assert!(!local_teams(code).is_empty(), "{code}");
        }
        assert_eq!(profile("nieuwe-regio").abbr, "");
        assert_eq!(fallback_abbr("nieuwe-regio"), "NR");
    }

    #[test]
    fn dossier_is_independent_of_its_predecessors() {
        let o = opts(50, 9);
        let mut g = Generator::new(&o).unwrap();
        let mut all = Vec::new();
        while let Some(d) = g.next_dossier() {
            let mut b = Vec::new();
            write_json(d, &mut b);
            all.push(b);
        }
        let mut g2 = Generator::new(&o).unwrap();
        let mut b = Vec::new();
        write_json(g2.dossier(37), &mut b);
        assert_eq!(b, all[37]);
    }

    #[test]
    fn texts_fit_the_melder_and_the_household() {
        let o = opts(5000, 11);
        let mut g = Generator::new(&o).unwrap();
        let (mut summaries, mut actions) = (0, 0);
        let fitting = |xs: &[Fitting], t: &str| *xs.iter().find(|x| x.0 == t).unwrap();
        while let Some(d) = g.next_dossier() {
            if let Some(Summary::Text(t)) = d.samenvatting {
                let list = if d.melding {
                    SAMENVATTING_MELDING
                } else {
                    SAMENVATTING_ADVIES
                };
                let (_, who, needs) = fitting(list, t);
                assert!(
                    who.is_none_or(|h| h == d.melder.hoedanigheid),
                    "{}: {t}",
                    d.id
                );
                assert!(needs.met_by(d), "{}: {t}", d.id);
                summaries += 1;
            }
            for e in d.events.iter().filter(|e| e.kind == Kind::AcuteActie) {
                let t = e.value.expect("an acute action says what was done");
                assert!(fitting(ACUTE_ACTIES, t).2.met_by(d), "{}: {t}", d.id);
                actions += 1;
            }
        }
        // Both were drawn often enough for the test to mean something.
        assert!(summaries > 1000 && actions > 50, "{summaries} {actions}");
    }

    #[test]
    fn nothing_after_the_as_of_date() {
        let o = opts(3000, 4);
        let mut g = Generator::new(&o).unwrap();
        while let Some(d) = g.next_dossier() {
            assert!(d.ontvangen <= o.as_of);
            for e in &d.events {
                assert!(e.date <= o.as_of, "{} {:?}", d.id, e);
                if let Some(h) = e.handover {
                    assert!(h.geaccepteerd.is_none_or(|x| x <= o.as_of));
                }
            }
            for v in &d.voorwaarden {
                assert!(v.opgesteld <= o.as_of);
            }
        }
    }

    /// What a reviewer found unrealistic: events after the closing, parents younger than 16 at
    /// their eldest child's birth, BSN-like numbers that could be a resident's.
    #[test]
    fn dossiers_close_last_adults_are_older_and_bsns_are_test_numbers() {
        let o = opts(20_000, 5);
        let mut g = Generator::new(&o).unwrap();
        let (mut closed, mut families, mut bsns) = (0, 0, 0);
        while let Some(d) = g.next_dossier() {
            if let Some(c) = d.events.iter().find(|e| e.kind == Kind::Afgesloten) {
                closed += 1;
                assert!(d.events.iter().all(|e| e.date <= c.date), "{}", d.id);
            }
            if let Some(eldest) = d
                .betrokkenen
                .iter()
                .filter(|b| b.rol == "kind")
                .map(|b| b.geboortejaar)
                .min()
            {
                families += 1;
                for b in d
                    .betrokkenen
                    .iter()
                    .filter(|b| b.rol != "kind" && b.rol != "overig")
                {
                    assert!(b.geboortejaar <= eldest - 16, "{} {b:?}", d.id);
                }
            }
            if let Some(Summary::Bsn(n)) = d.samenvatting {
                bsns += 1;
                assert_eq!(n / 10_000, 99_999, "{}", d.id);
            }
        }
        assert!(
            closed > 1000 && families > 1000 && bsns > 0,
            "{closed} {families} {bsns}"
        );
    }

    #[test]
    fn resolve_regions_accepts_all_and_lists_and_suggests() {
        let t = RegionTable::default_table();
        let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert_eq!(resolve_regions("all", &t, as_of).unwrap().len(), 26);
        assert_eq!(
            resolve_regions("utrecht, zeeland,utrecht", &t, as_of).unwrap(),
            vec!["utrecht", "zeeland"]
        );
        let e = resolve_regions("midden-brabnt", &t, as_of).unwrap_err();
        assert!(e.contains("midden-brabant"), "{e}");
        // Empty items are skipped alike for `all` and for codes.
        assert_eq!(resolve_regions("all,", &t, as_of).unwrap().len(), 26);
        assert_eq!(resolve_regions(" ,ALLE, ", &t, as_of).unwrap().len(), 26);
        assert_eq!(
            resolve_regions("utrecht,,", &t, as_of).unwrap(),
            vec!["utrecht"]
        );
        let e = resolve_regions(", ,", &t, as_of).unwrap_err();
        assert!(e.contains("noemt geen regio"), "{e}");
        // `all` in a list is not an unknown region (rev61).
        for spec in ["all,utrecht", "utrecht, Alle"] {
            let e = resolve_regions(spec, &t, as_of).unwrap_err();
            assert!(
                e.contains("staat alleen") && !e.contains("onbekende"),
                "{e}"
            );
        }
    }
}
