//! The fuzz targets on stable Rust, as part of `cargo test`:
//!
//! 1. every input of the committed corpus (`fuzz/corpus/<target>/`) and every crash reproducer
//!    (`tests/fuzz-crashes/<target>/`) runs through its target, so a fixed crash stays fixed;
//! 2. a short deterministic mutation loop over that corpus, so a plain `cargo test` (and CI on
//!    stable) also explores inputs nobody wrote down.
//!
//! The targets themselves live in `fuzz/src/lib.rs`, shared with the cargo-fuzz binaries. Long
//! runs use cargo-fuzz (see README.md); `VTCHECK_FUZZ_ITERATIONS` lengthens the loop here.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("yaml", targets::yaml),
    ("json", targets::json),
    ("jsonl", targets::jsonl),
    ("csv", targets::csv),
    ("rules", targets::rules),
    ("date", targets::date),
    ("voorwaarde", targets::voorwaarde),
];

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `input` through `target`; a panic fails the test with the input's name.
fn run(name: &str, target: Target, input: &[u8]) {
    let r = std::panic::catch_unwind(|| target(input));
    if r.is_err() {
        let keep = std::env::temp_dir().join("vtcheck-fuzz-failure");
        let _ = std::fs::write(&keep, input);
        panic!(
            "fuzz target panicked on {name} ({} bytes; input kept in {})",
            input.len(),
            keep.display()
        );
    }
}

#[test]
fn every_target_has_a_corpus() {
    for (name, _) in TARGETS {
        let n = files_in(&root().join("fuzz/corpus").join(name)).len();
        assert!(n > 0, "fuzz/corpus/{name} is empty");
    }
}

#[test]
fn corpus_and_crash_reproducers_pass() {
    for (name, target) in TARGETS {
        for dir in [
            root().join("fuzz/corpus").join(name),
            root().join("tests/fuzz-crashes").join(name),
        ] {
            for file in files_in(&dir) {
                let bytes = std::fs::read(&file).unwrap();
                run(&file.display().to_string(), *target, &bytes);
            }
        }
    }
}

/// xorshift64*: deterministic, so a failure here reproduces with the same iteration count.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that matter to the readers: structure, anchors, markers, escapes, odd bytes.
const DICT: &[&[u8]] = &[
    b"---\n",
    b"...\n",
    b"&a ",
    b"*a",
    b"<<: ",
    b"- ",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"'",
    b"\\u",
    b"\\ud83d",
    b"\t",
    b"\r\n",
    b"\n",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\0",
    b"#",
    b"!!binary ",
    b"|",
    b">",
    b"null",
    b"~",
    b"2024-02-29",
    b"31-12-9999",
    b"T23:59+14:00",
    b"0000-00-00",
    b"111222333",
    b"1e999",
    b"-0",
    b"x_",
    b"soort: ",
    b"datum: ",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            1 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            2 => {
                let t = DICT[rng.below(DICT.len())];
                v.splice(at..at, t.iter().copied());
            }
            3 if !v.is_empty() => {
                // Repeat a slice: nesting and long values.
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(8)).min(v.len());
                let chunk = v[start..end].repeat(1 + rng.below(64));
                v.splice(at..at, chunk);
            }
            4 if !corpus.is_empty() => {
                // Splice in part of another corpus entry.
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let s = rng.below(other.len());
                    let e = (s + rng.below(64)).min(other.len());
                    v.splice(at..at, other[s..e].iter().copied());
                }
            }
            _ => v.truncate(at),
        }
    }
    v.truncate(64 * 1024);
    v
}

#[test]
fn mutated_corpus_inputs_do_not_crash() {
    let iterations: usize = std::env::var("VTCHECK_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    for (ti, (name, target)) in TARGETS.iter().enumerate() {
        let corpus: Vec<Vec<u8>> = files_in(&root().join("fuzz/corpus").join(name))
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (ti as u64 + 1));
        for i in 0..iterations {
            let base = &corpus[rng.below(corpus.len())];
            let input = mutate(&mut rng, base, &corpus);
            run(&format!("{name} iteration {i}"), *target, &input);
        }
    }
}
