// TEMPORARY STUB (replaced by the Rego comparison)
pub struct RegoOutcome {
    pub dossiers: usize,
    pub threads: usize,
    pub rules: Vec<&'static str>,
    pub vtcheck_secs: f64,
    pub regorus_secs: f64,
    pub checked: usize,
}
pub fn compare(
    _data: &std::path::Path,
    _as_of: chrono::NaiveDate,
    _threads: usize,
    _max: usize,
) -> Result<RegoOutcome, String> {
    Err("stub".into())
}
